package dev.carafe.spi;

/**
 * A server that is serving an app; {@link #close()} stops it gracefully.
 */
public interface RunningServer extends AutoCloseable {

    /** Returns the port it is bound to (the real one when 0 was asked). */
    int port();

    /** Returns the base URL, e.g. {@code http://127.0.0.1:5000}. */
    String url();

    /** Blocks until the server has stopped. */
    void join() throws InterruptedException;

    /**
     * Stops accepting connections, lets requests in flight finish up to the configured
     * {@code SHUTDOWN_TIMEOUT}, then stops.
     */
    @Override
    void close();
}
