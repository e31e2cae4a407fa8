package dev.carafe;

/**
 * The client closed the connection before the response was complete.
 *
 * <p>Teardown receives it as {@link Outcome.Failed}; nothing is sent, since nobody listens.
 */
public final class ClientGoneException extends CarafeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception, keeping the I/O failure that revealed the disconnect. */
    public ClientGoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
