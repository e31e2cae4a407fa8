package dev.carafe.internal;

/** Bridges for {@code dev.carafe.testing}; not for applications. */
public final class TestSupport {
    private TestSupport() {}

    /** Re-pushes a finished request context for reading only; its pop runs no teardown. */
    public static void pushPreserved(ContextImpl ctx) {
        ctx.pushPreserved();
    }
}
