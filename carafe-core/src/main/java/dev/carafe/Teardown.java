package dev.carafe;

/**
 * A teardown callback: runs when a request or an app context ends, whatever happened.
 *
 * <p>Unlike Flask, which passes the unhandled exception or {@code None}, Carafe passes the
 * full {@link Outcome}, so a callback can tell a clean request from one whose error a handler
 * turned into a response. {@link Outcome#error()} gives Flask's argument.
 */
@FunctionalInterface
public interface Teardown {
    /**
     * Cleans up after the request or context.
     *
     * @throws Exception a failure; the other callbacks still run and failures are reported together
     */
    void run(Outcome outcome) throws Exception;
}
