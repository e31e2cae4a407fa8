package dev.carafe;

import java.util.Objects;
import java.util.Optional;

/**
 * How a request or app context ended, as given to {@link Teardown} callbacks.
 *
 * <p>Flask passes teardown functions the unhandled exception or {@code None}, so a request
 * whose error a handler dealt with looks clean (pallets/flask#3502). Carafe names the three
 * cases; {@link #error()} still answers Flask's question.
 */
public sealed interface Outcome {
    /** The outcome of a context that ended without any error. */
    Outcome COMPLETED = new Completed();

    /** Returns the unhandled error, as Flask passes it to teardown functions; empty otherwise. */
    default Optional<Throwable> error() {
        return this instanceof Failed(Throwable e) ? Optional.of(e) : Optional.empty();
    }

    /** Returns an outcome for {@code error}: {@link Failed} when non-null, else {@link #COMPLETED}. */
    static Outcome of(Throwable error) {
        return error == null ? COMPLETED : new Failed(error);
    }

    /** Nothing went wrong. */
    record Completed() implements Outcome {}

    /**
     * An error was raised and became a response: an {@link HttpError} such as a 404, or an
     * exception an error handler answered. Teardown in Flask sees {@code None} here.
     */
    record Handled(Throwable exception) implements Outcome {
        public Handled {
            Objects.requireNonNull(exception, "exception");
        }
    }

    /**
     * An error nothing handled: the 500 path, an exception propagated to a test, a failing
     * stream, or a client that went away ({@link ClientGoneException}).
     */
    record Failed(Throwable exception) implements Outcome {
        public Failed {
            Objects.requireNonNull(exception, "exception");
        }
    }
}
