package dev.carafe.jetty;

import dev.carafe.Carafe;
import dev.carafe.spi.RunningServer;
import dev.carafe.spi.ServerFactory;

/**
 * The {@link ServerFactory} that {@code app.run()} and {@code app.start(host, port)} find when
 * {@code carafe-jetty} is on the class path or module path.
 *
 * <p>Applications never call it: they add the dependency and call {@code app.run()}.
 */
public final class JettyServerFactory implements ServerFactory {

    /** Creates the factory; called by {@link java.util.ServiceLoader}. */
    public JettyServerFactory() {}

    @Override
    public RunningServer start(Carafe app, String host, int port) {
        return JettyServer.start(app, host, port);
    }
}
