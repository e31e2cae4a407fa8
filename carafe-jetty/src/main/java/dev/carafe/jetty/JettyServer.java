package dev.carafe.jetty;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty server serving one app: one HTTP/1.1 connector, requests on virtual threads, graceful
 * shutdown on {@link #close()} and on SIGTERM.
 *
 * <p>Handler chain: {@link GracefulHandler} (counts requests in flight, answers 503 once stopping)
 * around the {@linkplain StaticFiles static files} and the {@link CarafeHandler}. Errors Jetty
 * raises itself go to {@link ErrorPages}. Thread-safe.
 */
final class JettyServer implements RunningServer {
    /** The logger for the startup line, shutdown and rejected requests. */
    static final String LOGGER = "dev.carafe.server";
    /** The logger the access log writes to, at INFO, when {@code ACCESS_LOG} is on. */
    static final String ACCESS_LOGGER = "dev.carafe.access";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Carafe app;
    private final Server server;
    private final ServerConnector connector;
    private final String url;
    private final Thread shutdownHook;
    private boolean closed;

    private JettyServer(Carafe app, Server server, ServerConnector connector, String host) {
        this.app = app;
        this.server = server;
        this.connector = connector;
        this.url = "http://" + urlHost(host) + ":" + connector.getLocalPort();
        this.shutdownHook = Thread.ofPlatform().name("carafe-shutdown").unstarted(this::stopOnSignal);
    }

    /**
     * Starts serving {@code app} on {@code host:port}, logs the URL and returns.
     *
     * @throws CarafeException when the port is taken or the host is not an address of this machine
     */
    static JettyServer start(Carafe app, String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Config config = app.config();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("carafe-jetty");
        // Jetty keeps its selector on platform threads and runs each blocking handler on a new virtual thread.
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("carafe-request-", 0).factory()));
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        Handler.Sequence handlers = new Handler.Sequence();
        StaticFiles.handler(config, server).ifPresent(handlers::addHandler);
        handlers.addHandler(new CarafeHandler(app));
        server.setHandler(new GracefulHandler(handlers));
        server.setErrorHandler(new ErrorPages());
        Duration grace = config.get(Config.SHUTDOWN_TIMEOUT);
        server.setStopTimeout(grace.toMillis());
        server.setStopAtShutdown(false); // our own hook, so the shutdown is logged and waits for requests
        if (config.get(Config.ACCESS_LOG)) {
            Slf4jRequestLogWriter writer = new Slf4jRequestLogWriter();
            writer.setLoggerName(ACCESS_LOGGER);
            server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT));
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw startFailure(app, host, port, e);
        }
        JettyServer running = new JettyServer(app, server, connector, host);
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        LOG.info("Serving app '{}' on {}{} (press Ctrl-C to stop)", app.name(), running.url,
                isWildcard(host) ? " and every other address of this machine" : "");
        return running;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops gracefully: closes the listening socket, waits up to {@code SHUTDOWN_TIMEOUT} for the
     * requests in flight (new requests on open connections get a 503), then stops. Idempotent; a
     * second caller waits until the first one is done.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmAlreadyStopping) {
                // the hook is running or about to; this call does the work and the hook finds it done
            }
        }
        LOG.info("Stopping app '{}' on {}: no new connections, waiting up to {} for requests in flight",
                app.name(), url, seconds(app.config().get(Config.SHUTDOWN_TIMEOUT)));
        try {
            server.stop();
            LOG.info("Stopped app '{}'", app.name());
        } catch (Exception e) {
            LOG.warn("App '{}' did not stop cleanly: {}", app.name(), e.toString());
        }
    }

    private void stopOnSignal() {
        LOG.info("The JVM is shutting down (SIGTERM or Ctrl-C)");
        close();
    }

    private static CarafeException startFailure(Carafe app, String host, int port, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                String why = String.valueOf(bind.getMessage());
                if (why.contains("in use")) {
                    return new CarafeException("Cannot serve app '" + app.name() + "' on " + host + ":" + port + ":"
                            + " port " + port + " is already in use by another program. Stop that program (`lsof -i :"
                            + port + "` shows which one) or choose another port: app.run(\"" + host + "\", " + (port + 1)
                            + "), or SERVER_PORT=" + (port + 1) + " in the configuration (CARAFE_SERVER_PORT=" + (port + 1)
                            + " in the environment, when the app loads it with Config.builder().loadEnv(\"CARAFE_\")).", e);
                }
                return new CarafeException("Cannot serve app '" + app.name() + "' on " + host + ":" + port + ": " + why
                        + ". Use a host that is an address of this machine (127.0.0.1 for this machine only,"
                        + " 0.0.0.0 for every address) and a port it may open (1024 or above without root).", e);
            }
        }
        return new CarafeException("Cannot serve app '" + app.name() + "' on " + host + ":" + port + ": " + e, e);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the start failure is what the caller needs to see
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** Returns the host to put in a URL a person can open: loopback for a wildcard, brackets for IPv6. */
    private static String urlHost(String host) {
        if (isWildcard(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "<JettyServer " + app.name() + " " + url + ">";
    }
}
