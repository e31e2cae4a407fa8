/**
 * Serves Carafe apps with embedded Jetty 12: the server behind {@code app.run()}.
 *
 * <p>The only Carafe module that imports Jetty. It adapts Jetty's core {@code Handler} API (not
 * the servlet layer) to {@link dev.carafe.spi.Dispatch}, runs every request on a virtual thread,
 * and is found by {@code app.run()} through {@link java.util.ServiceLoader}. It exports nothing:
 * applications only add it to their dependencies.
 */
module dev.carafe.jetty {
    requires dev.carafe.core;
    requires org.eclipse.jetty.server;

    provides dev.carafe.spi.ServerFactory with dev.carafe.jetty.JettyServerFactory;
}
