package dev.carafe.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Action;
import dev.carafe.Attributes;
import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.ErrorHandler;
import dev.carafe.Group;
import dev.carafe.Handler;
import dev.carafe.HttpError;
import dev.carafe.Request;
import dev.carafe.ResponseHook;
import dev.carafe.Route;
import dev.carafe.Signal;
import dev.carafe.Teardown;
import dev.carafe.UserContext;
import dev.carafe.spi.RunningServer;
import dev.carafe.spi.ServerFactory;
import dev.carafe.spi.SessionInterface;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app: a small facade over the router, the scopes (hooks and error handlers), the signals,
 * the session interface and the configuration. Dispatch lives in {@link Dispatcher}.
 */
public final class App implements Carafe {
    private final String name;
    private final Config config;
    private final Logger logger;
    private final ObjectMapper json;
    private final AttributesImpl extensions = new AttributesImpl();
    private final Signals signals = new Signals();
    private final Router router = new Router();
    private final Scope root;
    private final List<Teardown> teardownAppContext = new CopyOnWriteArrayList<>();
    private volatile SessionInterface sessionInterface;
    private volatile boolean gotFirstRequest;

    /** Creates an app; use {@link Carafe#create}. */
    public App(String name, Config config) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("app name must not be blank");
        }
        this.name = name;
        this.config = Objects.requireNonNull(config, "config");
        this.logger = LoggerFactory.getLogger(name);
        this.json = Json.newMapper();
        this.root = new Scope(this, null, "", "");
        this.sessionInterface = DefaultSessions.create(config);
        router.staticFiles(config.get(Config.STATIC_URL_PATH));
    }

    @Override public String name() { return name; }
    @Override public Config config() { return config; }
    @Override public Logger logger() { return logger; }
    @Override public ObjectMapper json() { return json; }
    @Override public Attributes extensions() { return extensions; }

    /** Returns the signal registry. */
    public Signals signals() {
        return signals;
    }

    /** Returns the routing table. */
    public Router router() {
        return router;
    }

    /** Returns the app's own scope. */
    public Scope rootScope() {
        return root;
    }

    List<Teardown> teardownAppContextFunctions() {
        return teardownAppContext;
    }

    /** Fails when setup methods are called after the first request (Flask's {@code _check_setup_finished}). */
    void checkSetup(String method) {
        if (gotFirstRequest) {
            throw new CarafeException("The setup method '" + method + "' can no longer be called on the application '"
                    + name + "'. It has already handled its first request, so a change would not be applied"
                    + " consistently. Register all routes, hooks and error handlers before the app serves requests.");
        }
    }

    void markFirstRequest() {
        if (!gotFirstRequest) {
            gotFirstRequest = true;
        }
    }

    @Override
    public <T> UserContext<T> userContext(Class<T> type, Function<? super Request, ? extends T> factory) {
        return UserContextImpl.register(this, type, factory);
    }

    @Override
    public <T> UserContext<T> userContext(Class<T> type, Supplier<? extends T> factory) {
        Objects.requireNonNull(factory, "factory");
        return UserContextImpl.register(this, type, request -> factory.get());
    }

    @Override
    public Context appContext() {
        return ContextImpl.forApp(this);
    }

    @Override
    public Context testRequestContext(TestRequest request) {
        return ContextImpl.forRequest(this, new RequestImpl(this, request.toExchange()));
    }

    @Override
    public TestClient testClient() {
        return TestClient.of(this);
    }

    @Override
    public void teardownAppContext(Teardown teardown) {
        checkSetup("teardownAppContext");
        teardownAppContext.add(Objects.requireNonNull(teardown, "teardown"));
    }

    @Override
    public <E> void connect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        signals.connect(Objects.requireNonNull(signal, "signal"), Objects.requireNonNull(receiver, "receiver"));
    }

    @Override
    public <E> boolean disconnect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        return signals.disconnect(signal, receiver);
    }

    @Override
    public <E> void send(Signal<E> signal, E event) {
        signals.send(Objects.requireNonNull(signal, "signal"), Objects.requireNonNull(event, "event"));
    }

    @Override
    public void sessionInterface(SessionInterface sessionInterface) {
        checkSetup("sessionInterface");
        this.sessionInterface = Objects.requireNonNull(sessionInterface, "sessionInterface");
    }

    @Override
    public SessionInterface sessionInterface() {
        return sessionInterface;
    }

    @Override
    public String urlFor(String endpoint, Map<String, ?> params) {
        // In a request of this app, URLs start at the request's mount point (proxy prefix + APPLICATION_ROOT).
        ContextImpl ctx = ContextHolder.current();
        RequestImpl request = ctx != null && ctx.appImpl() == this ? ctx.requestImpl() : null;
        if (endpoint.startsWith(".")) {
            // Flask's relative endpoint: ".name" is the current group's "name", or the app's outside a group
            List<String> groups = request == null ? List.of() : request.groups();
            endpoint = groups.isEmpty() ? endpoint.substring(1) : groups.getFirst() + endpoint;
        }
        String path = router.build(endpoint, params);
        if (request != null) {
            return request.scriptRoot() + path;
        }
        String appRoot = config.get(Config.APPLICATION_ROOT);
        return appRoot.equals("/") ? path : stripSlash(appRoot) + path;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public List<Route> routes() {
        return router.routes();
    }

    @Override
    public void run() {
        run(config.get(Config.SERVER_HOST), config.get(Config.SERVER_PORT));
    }

    @Override
    public void run(String host, int port) {
        RunningServer server = start(host, port);
        try {
            server.join();
        } catch (InterruptedException e) {
            server.close(); // before restoring the flag, so the graceful stop can wait
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RunningServer start(String host, int port) {
        ServerFactory factory = ServiceLoader.load(ServerFactory.class, App.class.getClassLoader()).findFirst()
                .or(() -> ServiceLoader.load(ServerFactory.class).findFirst())
                .orElseThrow(() -> new CarafeException("No server module found, so app.run() cannot serve '" + name
                        + "'. Add carafe-jetty to your dependencies:\n\n    <dependency>\n"
                        + "      <groupId>dev.carafe</groupId>\n      <artifactId>carafe-jetty</artifactId>\n"
                        + "    </dependency>\n"));
        return factory.start(this, host, port);
    }

    // ---- Routes, for the app's own scope ------------------------------------------------------

    @Override
    public Route route(java.util.Set<String> methods, String rule, String endpoint, Handler handler) {
        return root.addRoute(methods, rule, endpoint, handler);
    }

    @Override public void beforeRequest(Action action) { root.beforeRequest(action); }
    @Override public void beforeRequestGuard(Handler guard) { root.beforeRequestGuard(guard); }
    @Override public void afterRequest(ResponseHook hook) { root.afterRequest(hook); }
    @Override public void teardownRequest(Teardown teardown) { root.teardownRequest(teardown); }

    @Override
    public <E extends Throwable> void errorHandler(Class<E> type, ErrorHandler<? super E> handler) {
        root.errorHandler(type, handler);
    }

    @Override
    public void errorHandler(int status, ErrorHandler<? super HttpError> handler) {
        root.errorHandler(status, handler);
    }

    @Override
    public Group group(String groupName, String urlPrefix) {
        return new GroupImpl(root.child(groupName, urlPrefix));
    }

    @Override
    public String toString() {
        return "<Carafe " + name + ">";
    }
}
