package dev.carafe.internal;

/**
 * Knows which context is current on this thread; kept apart from the context itself.
 *
 * <p>Two mechanisms, each for what it does best:
 * <ul>
 *   <li>a thread-local holding the top of this thread's stack of pushed contexts, for
 *       imperative {@code push()} / {@code pop()} and try-with-resources, which a
 *       {@link ScopedValue} cannot express (its bindings are strictly lexical);</li>
 *   <li>a {@link ScopedValue} bound around every request and every {@code ctx.run(...)}, which
 *       {@code StructuredTaskScope} subtasks inherit with no wrapping at all.</li>
 * </ul>
 * The thread-local wins when set; a subtask thread has none and falls back to the binding, as
 * long as the bound context has not ended.
 * The stack is threaded through {@link ContextImpl#previous}, so a push allocates nothing.
 */
public final class ContextHolder {
    static final ScopedValue<ContextImpl> SCOPED = ScopedValue.newInstance();
    private static final ThreadLocal<ContextImpl> TOP = new ThreadLocal<>();

    private ContextHolder() {}

    /** Returns the current context, or null. */
    public static ContextImpl current() {
        ContextImpl top = TOP.get();
        if (top != null) {
            return top;
        }
        if (!SCOPED.isBound()) {
            return null;
        }
        // The binding outlives the context by a few steps on the thread that ran it (the popped
        // signal, the end of the request); a context that has ended is not current any more.
        ContextImpl scoped = SCOPED.get();
        return scoped.isLive() ? scoped : null;
    }

    /** Returns the top of this thread's pushed stack, ignoring scoped bindings, or null. */
    static ContextImpl top() {
        return TOP.get();
    }

    static void setTop(ContextImpl ctx) {
        // set(null), not remove(): removing the entry at every outermost pop and adding it back at
        // the next push was a third of an app context's push and pop (JFR, docs/benchmarks.md).
        // A null entry holds no context, so nothing leaks into a pooled thread's next task.
        TOP.set(ctx);
    }

    /** Returns the context bound by the nearest enclosing scoped binding, or null. */
    static ContextImpl scoped() {
        return SCOPED.isBound() ? SCOPED.get() : null;
    }
}
