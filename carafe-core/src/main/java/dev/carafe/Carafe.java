package dev.carafe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.spi.SessionInterface;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A Carafe application: Flask's {@code Flask} object.
 *
 * <p>Create one with {@link #create}, register routes, hooks and error handlers, then serve it
 * ({@link #run()}, with {@code carafe-jetty} on the class path) or test it in memory
 * ({@link #testClient()}). Registration is not thread-safe and ends when the first request is
 * handled; after that the app is immutable and safe to share between threads.
 * <pre>{@code
 * var app = Carafe.create("hello");
 * app.get("/", () -> "Hello, World!");
 * app.get("/search", () -> "Searching for: " + request().args().get("q", ""));
 * app.run();
 * }</pre>
 */
public sealed interface Carafe extends Routes permits dev.carafe.internal.App {

    /** Returns a new app with the default configuration. */
    static Carafe create(String name) {
        return create(name, Config.defaults());
    }

    /** Returns a new app with {@code config}. */
    static Carafe create(String name, Config config) {
        return new dev.carafe.internal.App(name, config);
    }

    /** Returns the app's name, used in logs and error messages. */
    String name();

    /** Returns the configuration. */
    Config config();

    /** Returns the app's logger (SLF4J), Flask's {@code app.logger}; named after the app. */
    Logger logger();

    /** Returns the JSON mapper used for request and response bodies; configure it before the first request. */
    ObjectMapper json();

    /** Returns the per-app registry where extensions keep their state. */
    Attributes extensions();

    /**
     * Registers a {@link UserContext} of {@code type}, made from the request by {@code factory}
     * on its first use in each request (Flask-Context's {@code FlaskContext(MyContext, app)}):
     * <pre>{@code
     * UserContext<Caller> caller = app.userContext(Caller.class, request -> new Caller(request.headers()));
     * }</pre>
     *
     * @throws CarafeException when {@code type} is already registered on this app, or the app has
     *         already handled its first request
     */
    <T> UserContext<T> userContext(Class<T> type, Function<? super Request, ? extends T> factory);

    /**
     * Registers a {@link UserContext} of {@code type} made by {@code factory}, which needs no
     * request, e.g. a no-argument constructor: {@code app.userContext(Audit.class, Audit::new)}.
     *
     * @throws CarafeException when {@code type} is already registered on this app, or the app has
     *         already handled its first request
     */
    <T> UserContext<T> userContext(Class<T> type, Supplier<? extends T> factory);

    /**
     * Returns a new, unpushed app context (no request): for setup code, scripts, CLI commands
     * and tests. Push it with try-with-resources.
     */
    Context appContext();

    /**
     * Returns a new, unpushed request context for {@code request}, as a server would create one.
     * Pushing opens the session and matches the URL; popping runs the request's teardown.
     */
    Context testRequestContext(TestRequest request);

    /** Returns a new in-memory test client; it keeps cookies between requests. */
    TestClient testClient();

    /** Registers a function run when any context of this app ends (requests too), in reverse registration order. */
    void teardownAppContext(Teardown teardown);

    /** Connects {@code receiver} to {@code signal} for this app. */
    <E> void connect(Signal<E> signal, Signal.Receiver<? super E> receiver);

    /** Disconnects {@code receiver} from {@code signal}; returns whether it was connected. */
    <E> boolean disconnect(Signal<E> signal, Signal.Receiver<? super E> receiver);

    /**
     * Sends {@code event} to this app's receivers of {@code signal}, in registration order, on
     * this thread: for extensions that declare signals of their own with {@link Signal#create}.
     *
     * @throws RuntimeException the first failing receiver's exception (a checked one wrapped in a
     *         {@link CarafeException}); the later receivers do not run
     */
    <E> void send(Signal<E> signal, E event);

    /** Replaces how sessions are loaded and saved (the default is Flask's signed cookie). */
    void sessionInterface(SessionInterface sessionInterface);

    /** Returns how sessions are loaded and saved. */
    SessionInterface sessionInterface();

    /**
     * Returns the URL path of {@code endpoint} with {@code params}: path parameters fill the
     * rule, the others become the query string (Flask's {@code url_for}). As in Flask, the
     * endpoint {@code static} with a {@code filename} gives a static file's URL under
     * {@code STATIC_URL_PATH}, unless a route of the app is named {@code static}.
     *
     * @throws CarafeException when the endpoint is unknown or a path parameter is missing
     */
    String urlFor(String endpoint, Map<String, ?> params);

    /** Returns every route, sorted by rule. */
    List<Route> routes();

    /**
     * Serves the app on {@code SERVER_HOST:SERVER_PORT} (Flask's defaults: 127.0.0.1:5000) and
     * blocks until it stops (SIGTERM or Ctrl-C stop it gracefully).
     *
     * @throws CarafeException when no server module is on the class path; the message names the dependency to add
     */
    void run();

    /**
     * Serves the app on {@code host:port} and blocks until it stops, like Flask's
     * {@code app.run(host=..., port=...)}; 0 picks a free port.
     *
     * @throws CarafeException when no server module is on the class path, or the port is taken
     */
    void run(String host, int port);

    /**
     * Starts serving on {@code host:port} (0 picks a free port) and returns at once.
     *
     * @throws CarafeException when no server module is on the class path, or the port is taken
     */
    dev.carafe.spi.RunningServer start(String host, int port);
}
