package dev.carafe.internal;

import dev.carafe.Flash;
import java.util.List;

/** PLACEHOLDER: flashed messages, stored in the session as Flask stores them (sessions work fills this in). */
public final class Flashes {
    private Flashes() {}

    /** Appends a message to the session's {@code _flashes}. */
    public static void flash(ContextImpl ctx, String message, String category) {
        throw new UnsupportedOperationException("flash needs the signed-cookie session");
    }

    /** Returns and removes the flashed messages, cached on the context. */
    public static List<Flash> messages(ContextImpl ctx) {
        throw new UnsupportedOperationException("flash needs the signed-cookie session");
    }
}
