package dev.carafe.spi;

import dev.carafe.Carafe;
import dev.carafe.internal.App;
import dev.carafe.internal.Dispatcher;

/**
 * The entry point for server adapters: runs one exchange through an app's full lifecycle.
 */
public final class Dispatch {
    private Dispatch() {}

    /**
     * Handles {@code exchange} with {@code app} on the calling thread (a virtual thread, for the
     * bundled adapters): creates a new context, runs the lifecycle, writes the response (a
     * streamed body too) and runs teardown once. Returns when all of that is done. Never throws
     * for application errors; those become responses.
     */
    public static void handle(Carafe app, ServerExchange exchange) {
        Dispatcher.handle((App) app, exchange);
    }
}
