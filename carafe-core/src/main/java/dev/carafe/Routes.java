package dev.carafe;

import java.util.Set;

/**
 * What an app and a route {@link Group} have in common: routes, hooks and error handlers.
 *
 * <p>Rules use Flask's syntax: {@code /user/<int:id>}, {@code /files/<path:name>}; converters
 * are {@code string} (the default: no slash), {@code int}, {@code float}, {@code path} and
 * {@code uuid}. A rule ending in {@code /} also answers without it by redirecting (308), as
 * Flask does. Registration must happen before the app handles its first request.
 *
 * <p>The default endpoint name of a route is its rule; give one to use with {@link Globals#urlFor}.
 */
public sealed interface Routes permits Carafe, Group {

    /** Registers {@code handler} for {@code methods} on {@code rule} under {@code endpoint}. */
    Route route(Set<String> methods, String rule, String endpoint, Handler handler);

    /** Registers a GET route (HEAD and OPTIONS are answered automatically). */
    default Route get(String rule, Handler handler) {
        return route(Set.of("GET"), rule, rule, handler);
    }

    /** Registers a GET route under an endpoint name. */
    default Route get(String rule, String endpoint, Handler handler) {
        return route(Set.of("GET"), rule, endpoint, handler);
    }

    /** Registers a POST route. */
    default Route post(String rule, Handler handler) {
        return route(Set.of("POST"), rule, rule, handler);
    }

    /** Registers a POST route under an endpoint name. */
    default Route post(String rule, String endpoint, Handler handler) {
        return route(Set.of("POST"), rule, endpoint, handler);
    }

    /** Registers a PUT route. */
    default Route put(String rule, Handler handler) {
        return route(Set.of("PUT"), rule, rule, handler);
    }

    /** Registers a PATCH route. */
    default Route patch(String rule, Handler handler) {
        return route(Set.of("PATCH"), rule, rule, handler);
    }

    /** Registers a DELETE route. */
    default Route delete(String rule, Handler handler) {
        return route(Set.of("DELETE"), rule, rule, handler);
    }

    /** Registers a function run before each request of this scope, in registration order. */
    void beforeRequest(Action action);

    /**
     * Registers a guard: a before-request function that may answer the request itself. It runs
     * with the {@link #beforeRequest} functions, in registration order; the first non-null
     * result short-circuits: it becomes the response and the handler is skipped (Flask's
     * {@code before_request} returning a value).
     * <pre>{@code
     * app.beforeRequestGuard(() -> session().contains("user") ? null : redirect("/login"));
     * }</pre>
     * A separate name, not an overload, so that {@code beforeRequest(() -> list.add(x))} can
     * never short-circuit by accident with {@code true}.
     */
    void beforeRequestGuard(Handler guard);

    /** Registers a function run on each response of this scope, in reverse registration order. */
    void afterRequest(ResponseHook hook);

    /** Registers a function run when each request of this scope ends, in reverse registration order. */
    void teardownRequest(Teardown teardown);

    /** Registers a handler for exceptions of {@code type} raised in this scope; the most specific type wins. */
    <E extends Throwable> void errorHandler(Class<E> type, ErrorHandler<? super E> handler);

    /** Registers a handler for HTTP errors with {@code status} (and for unhandled errors with 500). */
    void errorHandler(int status, ErrorHandler<? super HttpError> handler);

    /**
     * Returns a new route group (Flask's blueprint) mounted under {@code urlPrefix}, whose
     * endpoints are named {@code "name.endpoint"} and whose hooks apply to its routes only.
     */
    Group group(String name, String urlPrefix);
}
