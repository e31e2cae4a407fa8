package dev.carafe;

import dev.carafe.internal.ContextHolder;
import dev.carafe.internal.ContextImpl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The context-local globals: Flask's {@code current_app}, {@code g}, {@code request} and
 * {@code session}, reachable from any depth of code without passing them around.
 *
 * <p>Import them statically: {@code import static dev.carafe.Globals.*;}. Each call reads the
 * context current on this thread (see {@link Context}); reading costs one thread-local lookup
 * and allocates nothing. Outside a context each throws a {@link ContextException} whose message
 * says what happened and the exact call that fixes it.
 */
public final class Globals {
    static final String NO_APP = """
            Working outside of application context.

            Attempted to use functionality that expected a current application to be set. To solve \
            this, set up an app context with 'try (var ctx = app.appContext().push()) { ... }', or run \
            the code with 'app.appContext().run(() -> ...)'. Requests, CLI commands and test requests \
            set one up for you. See docs/context-model.md.""";
    static final String NO_REQUEST = """
            Working outside of request context.

            Attempted to use functionality that expected an active HTTP request. In a test, set one up \
            with 'try (var ctx = app.testRequestContext(TestRequest.get("/")).push()) { ... }'. In \
            background work, copy the request's context first with 'Background.wrap(...)' or \
            'Globals.copyContext()'. See docs/context-model.md.""";

    private Globals() {}

    /**
     * Returns the current context.
     *
     * @throws ContextException when no context is current
     */
    public static Context context() {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null) {
            throw new ContextException(NO_APP);
        }
        return ctx;
    }

    /** Returns the current context, if any. */
    public static Optional<Context> currentContext() {
        return Optional.ofNullable(ContextHolder.current());
    }

    /**
     * Returns the current app (Flask's {@code current_app}).
     *
     * @throws ContextException when no context is current
     */
    public static Carafe currentApp() {
        return context().app();
    }

    /**
     * Returns the current context's {@code g}.
     *
     * @throws ContextException when no context is current
     */
    public static G g() {
        return context().g();
    }

    /**
     * Returns the current request.
     *
     * @throws ContextException when no context is current, or the current one carries no request
     */
    public static Request request() {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null) {
            throw new ContextException(NO_REQUEST);
        }
        return ctx.request();
    }

    /**
     * Returns the current session and marks it accessed, which adds {@code Vary: Cookie}.
     *
     * @throws ContextException when no context is current, or the current one carries no request
     */
    public static Session session() {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null) {
            throw new ContextException(NO_REQUEST);
        }
        return ctx.session();
    }

    /**
     * Returns the current request's user context of {@code type}, registered on the current app
     * with {@link Carafe#userContext}; made on first use (Flask-Context's {@code current_context}).
     *
     * @throws ContextException when no request is current
     * @throws CarafeException  when the current app has no user context of that type
     */
    public static <T> T userContext(Class<T> type) {
        return dev.carafe.internal.UserContextImpl.current(type);
    }

    /** Returns whether a context is current (Flask's {@code has_app_context()}). */
    public static boolean hasAppContext() {
        return ContextHolder.current() != null;
    }

    /** Returns whether a context carrying a request is current (Flask's {@code has_request_context()}). */
    public static boolean hasRequestContext() {
        ContextImpl ctx = ContextHolder.current();
        return ctx != null && ctx.hasRequest();
    }

    /**
     * Registers {@code hook} to run on the current request's response (Flask's {@code after_this_request}).
     *
     * @throws ContextException when no request is being handled
     */
    public static void afterThisRequest(ResponseHook hook) {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null || !ctx.hasRequest()) {
            throw new ContextException("'afterThisRequest' can only be used when a request context is active,"
                    + " such as in a handler or a before-request function.");
        }
        ctx.afterThisRequest(hook);
    }

    /**
     * Returns a copy of the current context for background work: same app, request, session and
     * user context, a new {@code g}. See {@link Context#copy()} and {@code docs/background-work.md}.
     *
     * @throws ContextException when no context is current
     */
    public static Context copyContext() {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null) {
            throw new ContextException("'copyContext' can only be used when a context is active, such as in a"
                    + " handler or inside 'app.appContext().run(...)'. Copy the context in the request, before"
                    + " handing work to another thread.");
        }
        return ctx.copy();
    }

    /**
     * Returns the URL path of {@code endpoint} in the current app; {@code keysAndValues} are
     * alternating names and values: {@code urlFor("user", "id", 7)}, or
     * {@code urlFor("static", "filename", "site.css")} for a static file (see {@link Carafe#urlFor}).
     *
     * @throws ContextException when no context is current
     * @throws CarafeException  when the endpoint is unknown or a path parameter is missing
     */
    public static String urlFor(String endpoint, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("urlFor takes names and values in pairs, got " + keysAndValues.length + " arguments");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return currentApp().urlFor(endpoint, params);
    }

    /**
     * Throws an {@link HttpError} with {@code status}; declared to return it so that
     * {@code throw abort(404);} reads well and satisfies the compiler.
     */
    public static HttpError abort(int status) {
        throw HttpError.of(status);
    }

    /** Throws an {@link HttpError} with {@code status} and a description shown to the client. */
    public static HttpError abort(int status, String description) {
        throw HttpError.of(status, description);
    }

    /** Returns a 302 redirect to {@code location}. */
    public static Response redirect(String location) {
        return Response.redirect(location);
    }

    /**
     * Flashes {@code message} in category {@code message} for the next request (Flask's {@code flash}).
     *
     * @throws ContextException when no request is being handled
     */
    public static void flash(String message) {
        flash(message, "message");
    }

    /** Flashes {@code message} in {@code category}; stored in the session as Flask stores it ({@code _flashes}). */
    public static void flash(String message, String category) {
        dev.carafe.internal.Flashes.flash(contextWithRequest(), message, category);
    }

    /**
     * Returns the flashed messages and removes them from the session; later calls in the same
     * request return the same list (Flask's {@code get_flashed_messages}).
     */
    public static java.util.List<Flash> flashedMessages() {
        return dev.carafe.internal.Flashes.messages(contextWithRequest());
    }

    private static ContextImpl contextWithRequest() {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null) {
            throw new ContextException(NO_REQUEST);
        }
        ctx.request();
        return ctx;
    }
}
