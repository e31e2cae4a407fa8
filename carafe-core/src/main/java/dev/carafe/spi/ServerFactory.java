package dev.carafe.spi;

import dev.carafe.Carafe;

/**
 * Starts a server for an app; found with {@link java.util.ServiceLoader} by
 * {@link Carafe#run()} and {@link Carafe#start}. {@code carafe-jetty} provides one.
 */
public interface ServerFactory {

    /**
     * Starts serving {@code app} on {@code host:port} (0 picks a free port) and returns at once.
     *
     * @throws dev.carafe.CarafeException when the port is taken; the message names the port and the fix
     */
    RunningServer start(Carafe app, String host, int port);
}
