package dev.carafe;

/**
 * Thrown when code needs a context (or a request) that is not there, or misuses push and pop.
 *
 * <p>Carafe's "Working outside of application context." The message names the fix.
 */
public final class ContextException extends CarafeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says how to fix the problem. */
    public ContextException(String message) {
        super(message);
    }
}
