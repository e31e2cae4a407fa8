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
     * streamed body too) and runs teardown once. Returns when all of that is done.
     *
     * <p>Application errors become responses, with two exceptions where Flask also lets the
     * error escape to the server: in propagate mode ({@code TESTING}, or
     * {@code PROPAGATE_EXCEPTIONS}), and when a {@code GOT_REQUEST_EXCEPTION} receiver fails.
     * An adapter that catches an exception from here must answer a bare 500 if the response was
     * not committed yet, and never send the exception to the client. Teardown has run either way.
     */
    public static void handle(Carafe app, ServerExchange exchange) {
        Dispatcher.handle((App) app, exchange);
    }
}
