package dev.carafe;

import java.util.Objects;

/**
 * A typed lifecycle signal: Flask's blinker signals, with an event record per signal.
 *
 * <p>Connect receivers with {@link Carafe#connect}. Receivers of one app run in registration
 * order, on the thread that sends. When each signal fires, and what a failing receiver does,
 * follows Flask 3.2 (see {@code docs/lifecycle.md}). Extensions declare their own with
 * {@link #create}.
 *
 * @param <E> the event type passed to receivers
 */
public final class Signal<E> {
    /** Sent after a context becomes current (first push only); in a request, the request is readable, the route not yet matched. */
    public static final Signal<ContextEvent> APPCONTEXT_PUSHED = create("appcontext-pushed", ContextEvent.class);
    /** Sent after the teardown-app-context callbacks. */
    public static final Signal<TeardownEvent> APPCONTEXT_TEARING_DOWN = create("appcontext-tearing-down", TeardownEvent.class);
    /** Sent after the context stopped being current. */
    public static final Signal<ContextEvent> APPCONTEXT_POPPED = create("appcontext-popped", ContextEvent.class);
    /** Sent before the before-request functions run. */
    public static final Signal<ContextEvent> REQUEST_STARTED = create("request-started", ContextEvent.class);
    /** Sent after the after-request functions and the session save, with the final response. */
    public static final Signal<ResponseEvent> REQUEST_FINISHED = create("request-finished", ResponseEvent.class);
    /** Sent for an unhandled error only, before the 500 handler or propagation. */
    public static final Signal<ErrorEvent> GOT_REQUEST_EXCEPTION = create("got-request-exception", ErrorEvent.class);
    /** Sent after the teardown-request callbacks. */
    public static final Signal<TeardownEvent> REQUEST_TEARING_DOWN = create("request-tearing-down", TeardownEvent.class);
    /** Sent by {@link Globals#flash}. */
    public static final Signal<FlashEvent> MESSAGE_FLASHED = create("message-flashed", FlashEvent.class);

    private final String name;
    private final Class<E> eventType;

    private Signal(String name, Class<E> eventType) {
        this.name = Objects.requireNonNull(name, "name");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
    }

    /** Returns a new signal; each call makes a distinct signal, so keep it in a constant. */
    public static <E> Signal<E> create(String name, Class<E> eventType) {
        return new Signal<>(name, eventType);
    }

    /** Returns the signal's name, e.g. {@code request-started}. */
    public String name() {
        return name;
    }

    /** Returns the type of the events it sends. */
    public Class<E> eventType() {
        return eventType;
    }

    @Override
    public String toString() {
        return "Signal[" + name + "]";
    }

    /** A receiver of a signal's events. */
    @FunctionalInterface
    public interface Receiver<E> {
        /**
         * Handles one event.
         *
         * @throws Exception a failure, handled as Flask 3.2 handles a failing receiver of this signal
         */
        void receive(E event) throws Exception;
    }

    /** An event about a context: pushed, popped, request started. */
    public record ContextEvent(Context context) {}

    /** An event with the final response: request finished. */
    public record ResponseEvent(Context context, Response response) {}

    /** An event with an unhandled error: got request exception. */
    public record ErrorEvent(Context context, Throwable error) {}

    /** An event sent during teardown, with how the context ended. */
    public record TeardownEvent(Context context, Outcome outcome) {}

    /** An event for a flashed message. */
    public record FlashEvent(Context context, String message, String category) {}
}
