package dev.carafe.servlet;

import dev.carafe.Carafe;
import dev.carafe.spi.RunningServer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** A real servlet container for tests: Jetty's EE10 servlet layer, embedded, on a free port. */
final class Container implements RunningServer {
    private final Server server;
    private final ServerConnector connector;
    private final String contextPath;

    private Container(Carafe app, String contextPath, String mapping) throws Exception {
        this(new ServletHolder(new CarafeServlet(app)), contextPath, mapping);
    }

    private Container(ServletHolder servlet, String contextPath, String mapping) throws Exception {
        this.contextPath = contextPath;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        context.addServlet(servlet, mapping);
        // Like a container being undeployed: let requests in flight finish before stopping.
        server.setHandler(new GracefulHandler(context));
        server.setStopTimeout(10_000);
        server.start();
    }

    /** Deploys {@code app} at the root, mapped to {@code /*}. */
    static Container deploy(Carafe app) throws Exception {
        return new Container(app, "", "/*");
    }

    /** Deploys {@code app} under {@code contextPath} with the servlet mapping {@code mapping}. */
    static Container deploy(Carafe app, String contextPath, String mapping) throws Exception {
        return new Container(app, contextPath, mapping);
    }

    /** Deploys {@code servletClass} at the root, mapped to {@code /*}; the container creates the servlet. */
    static Container deploy(Class<? extends CarafeServlet> servletClass) throws Exception {
        return new Container(new ServletHolder(servletClass), "", "/*");
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    /** Returns {@code http://127.0.0.1:port}, without the context path. */
    @Override
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the container, letting requests in flight finish for up to 10 s. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the test container did not stop", e);
        }
    }
}
