package dev.carafe;

/**
 * The root of Carafe's exceptions: misuse of the API and lifecycle errors.
 *
 * <p>Messages say what happened, why, and the call that fixes it.
 */
public class CarafeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a full-sentence message. */
    public CarafeException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure that caused it. */
    public CarafeException(String message, Throwable cause) {
        super(message, cause);
    }
}
