package dev.carafe.servlet;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Globals;
import dev.carafe.spi.Dispatch;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet that serves a Carafe app, so the app deploys into any Jakarta Servlet 6 container
 * (Tomcat, Jetty, Undertow, a Jakarta EE server).
 *
 * <p>Each request runs through the same lifecycle as on {@code carafe-jetty} and in the test
 * client, on the container's request thread, which stays busy until the response (a streamed
 * body too) is written and teardown has run. Map the servlet to {@code /*}. Register it with the
 * app in code:
 * <pre>{@code
 * context.addServlet(new ServletHolder(new CarafeServlet(app)), "/*");        // Jetty
 * Tomcat.addServlet(context, "carafe", new CarafeServlet(app)).addMapping("/*"); // Tomcat
 * }</pre>
 * or, in a WAR, subclass it with a no-argument constructor:
 * <pre>{@code
 * @WebServlet("/*")
 * public class ShopServlet extends CarafeServlet {
 *     public ShopServlet() { super(Shop.create()); }
 * }
 * }</pre>
 *
 * <p><b>Mount point.</b> Routes see the path below the mount point (the context path, plus
 * {@code /api} for a mapping such as {@code /api/*}), like a WSGI app sees {@code PATH_INFO}.
 * URLs the app builds start with its {@code APPLICATION_ROOT}, so set that to the mount point;
 * the servlet logs a warning at startup when they differ.
 *
 * <p>Static files, access logs, request limits and graceful shutdown are the container's job here.
 */
public class CarafeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger("dev.carafe.servlet");

    /** The app; a servlet is serialized only by containers that passivate sessions, never its app. */
    private final transient Carafe app;

    /** Creates a servlet serving {@code app}. */
    public CarafeServlet(Carafe app) {
        this.app = Objects.requireNonNull(app, "app");
    }

    /** Returns the app this servlet serves. */
    public Carafe app() {
        return app;
    }

    @Override
    public void init() throws ServletException {
        String mount = getServletContext().getContextPath() + mappingPrefix();
        String root = app.config().get(Config.APPLICATION_ROOT);
        if (!strip(mount).equals(strip(root))) {
            LOG.warn("CarafeServlet for app '{}' is mounted at '{}', but the app's APPLICATION_ROOT is '{}', so URLs it"
                    + " builds will not point under the mount. Set APPLICATION_ROOT={} in the app's configuration.",
                    app.name(), mount.isEmpty() ? "/" : mount, root, mount.isEmpty() ? "/" : mount);
        }
        LOG.info("Serving app '{}' at '{}' in {}", app.name(), mount.isEmpty() ? "/" : mount,
                getServletContext().getServerInfo());
    }

    /** Returns the literal prefix of this servlet's first path mapping ({@code /api} for {@code /api/*}), or "". */
    private String mappingPrefix() {
        ServletRegistration registration = getServletContext().getServletRegistration(getServletName());
        if (registration == null) {
            return "";
        }
        for (String pattern : registration.getMappings()) {
            if (pattern.endsWith("/*") && pattern.length() > 2) {
                return pattern.substring(0, pattern.length() - 2);
            }
        }
        return "";
    }

    private static String strip(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        ServletExchange exchange = new ServletExchange(request, response);
        try {
            Dispatch.handle(app, exchange);
        } catch (Throwable e) {
            // Propagate mode, a failing got-request-exception receiver, or an Error from the app: nothing
            // answered, so we do. Never hand it to the container, whose error page may print the trace.
            LOG.error("Unhandled exception on {} {} escaped the app (TESTING or PROPAGATE_EXCEPTIONS is on, a"
                    + " got-request-exception receiver failed, or an Error was thrown); answered with a bare 500",
                    request.getMethod(), request.getRequestURI(), e);
            if (response.isCommitted()) {
                throw new IOException("the response to " + request.getMethod() + " " + request.getRequestURI()
                        + " failed after it was committed", e);
            }
            response.reset();
            response.setStatus(500);
            response.setContentLength(0);
            if (e instanceof VirtualMachineError vmError) {
                response.flushBuffer(); // answered; the JVM itself is in trouble, so let it know
                throw vmError;
            }
            return;
        } finally {
            if (Globals.hasAppContext()) {
                LOG.error("A context was still current on thread {} after {} {} ended; this is a bug in Carafe or in"
                        + " code that pushed a context without closing it", Thread.currentThread(), request.getMethod(),
                        request.getRequestURI());
            }
        }
        Throwable failure = exchange.failure();
        if (failure != null) {
            // The body was cut short (a failing stream, or the client left): make the container close the
            // connection instead of finishing the response as if it were whole.
            throw new IOException("the response to " + request.getMethod() + " " + request.getRequestURI()
                    + " was cut short: " + failure, failure);
        }
    }

    @Override
    public String getServletInfo() {
        return "Carafe app '" + app.name() + "'";
    }
}
