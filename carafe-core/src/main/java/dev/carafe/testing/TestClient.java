package dev.carafe.testing;

import dev.carafe.Carafe;
import dev.carafe.ContextException;
import dev.carafe.Session;
import dev.carafe.internal.App;
import dev.carafe.internal.ContextImpl;
import dev.carafe.internal.Dispatcher;
import dev.carafe.internal.TestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends requests to an app in memory, through the full lifecycle: Flask's {@code test_client()}.
 *
 * <p>Cookies set by responses are kept and sent with later requests. In testing mode
 * ({@code TESTING=true}), an unhandled exception propagates out of the call that caused it.
 * Not thread-safe; use one client per thread.
 *
 * <p>{@link #preserveContext()} keeps the last request's context readable after the call
 * returns, like Flask's {@code with client:}, but without running its teardown a second time.
 */
public final class TestClient {
    private final App app;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private Preserved preserved;

    private TestClient(App app) {
        this.app = app;
    }

    /** Returns a new client for {@code app}. */
    public static TestClient of(Carafe app) {
        return new TestClient((App) app);
    }

    /** Sends a GET for {@code pathAndQuery}. */
    public TestResponse get(String pathAndQuery) {
        return send(TestRequest.get(pathAndQuery));
    }

    /** Sends a POST for {@code pathAndQuery} with no body. */
    public TestResponse post(String pathAndQuery) {
        return send(TestRequest.post(pathAndQuery));
    }

    /** Sends {@code request} with the client's cookies, stores the cookies of the response, and returns it. */
    public TestResponse send(TestRequest request) {
        TestRequest withCookies = request;
        for (Map.Entry<String, String> c : cookies.entrySet()) {
            withCookies = withCookies.cookie(c.getKey(), c.getValue());
        }
        TestRequest.MemoryExchange exchange = (TestRequest.MemoryExchange) withCookies.toExchange();
        if (preserved != null) {
            preserved.release();
        }
        try {
            if (preserved != null) {
                Dispatcher.handle(app, exchange, ctx -> preserved.keep(ctx));
            } else {
                Dispatcher.handle(app, exchange);
            }
        } finally {
            if (exchange.responseHeaders != null) {
                storeCookies(exchange.responseHeaders.all("Set-Cookie"));
            }
        }
        return new TestResponse(exchange.status, exchange.responseHeaders.freeze(), exchange.responseBody.toByteArray());
    }

    /**
     * Changes the session the next request will see, as a request to {@code /} would: opens it
     * from the client's cookies, passes it to {@code change}, saves it and keeps the cookie the
     * save set (Flask's {@code session_transaction}). No handler, hook or teardown runs.
     * <pre>{@code
     * client.sessionTransaction(session -> session.put("user_id", 42));
     * client.get("/profile");   // sees user_id 42
     * }</pre>
     *
     * @return this client
     * @throws ContextException when the app has no session to change (no secret key)
     */
    public TestClient sessionTransaction(Consumer<Session> change) {
        return sessionTransaction(TestRequest.get("/"), change);
    }

    /**
     * Changes the session as {@link #sessionTransaction(Consumer)} does, opened for
     * {@code request} (its path, host and headers; the client's cookies are added).
     *
     * @return this client
     * @throws ContextException when the app has no session to change (no secret key)
     */
    public TestClient sessionTransaction(TestRequest request, Consumer<Session> change) {
        storeCookies(TestSupport.withSession(app, withCookies(request), change, true));
        return this;
    }

    /**
     * Returns the session the next request will see: opened from the client's cookies, so it
     * shows what the responses so far stored, round-tripped through the cookie (values have
     * their JSON types: numbers are {@code Long}s). Read-only; change it with
     * {@link #sessionTransaction(Consumer)}. To see the last request's in-memory session
     * instead, use {@link #preserveContext()} and {@code Globals.session()}.
     */
    public Session session() {
        Session[] opened = new Session[1];
        TestSupport.withSession(app, withCookies(TestRequest.get("/")), s -> opened[0] = s, false);
        return new ReadOnlySession(opened[0]);
    }

    private TestRequest withCookies(TestRequest request) {
        TestRequest out = request;
        for (Map.Entry<String, String> c : cookies.entrySet()) {
            out = out.cookie(c.getKey(), c.getValue());
        }
        return out;
    }

    /** Returns the cookies the client holds, by name. */
    public Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    /** Sets a cookie sent with every later request. */
    public TestClient cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    /**
     * Keeps the context of each request readable after the call, until the next request or
     * until the returned scope closes. Inside, {@code Globals.request()}, {@code session()} and
     * {@code g()} refer to the last request. Teardown ran once, when the request ended; the
     * preserved context is only for reading, and popping it runs nothing again.
     *
     * @throws ContextException when a preserve scope is already open on this client
     */
    public Preserved preserveContext() {
        if (preserved != null) {
            throw new ContextException("Cannot nest preserveContext() scopes on one test client; close the open one first.");
        }
        preserved = new Preserved();
        return preserved;
    }

    void storeCookies(java.util.List<String> setCookies) {
        for (String header : setCookies) {
            String first = header.split(";", 2)[0];
            int eq = first.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = first.substring(0, eq).trim();
            String value = first.substring(eq + 1).trim();
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    App app() {
        return app;
    }

    /** A scope in which the last request's context stays readable; close it to let go. */
    public final class Preserved implements AutoCloseable {
        private ContextImpl context;

        private Preserved() {}

        void keep(ContextImpl ctx) {
            TestSupport.pushPreserved(ctx);
            context = ctx;
        }

        void release() {
            if (context != null) {
                ContextImpl c = context;
                context = null;
                c.pop();
            }
        }

        /** Returns the last request's context, if a request was sent in this scope. */
        public Optional<dev.carafe.Context> context() {
            return Optional.ofNullable(context);
        }

        /** Pops the preserved context (without teardown) and ends the scope. */
        @Override
        public void close() {
            release();
            preserved = null;
        }
    }
}
