package dev.carafe;

/**
 * An object of the application's own type, made from the request on first use and kept for the
 * rest of it: Flask-Context's {@code current_context}, typed.
 *
 * <p>Register one per type during setup and keep the handle in a constant; code anywhere in
 * the request reads it with no casts:
 * <pre>{@code
 * static final UserContext<Caller> CALLER =
 *         app.userContext(Caller.class, request -> new Caller(request.headers().get("X-User", "anonymous")));
 *
 * app.get("/whoami", () -> CALLER.current().name());
 * }</pre>
 * Code that has no handle finds it by type in the current app with
 * {@link Globals#userContext(Class)}.
 *
 * <p><b>Lifetime.</b> The factory runs lazily, on the first {@link #current()} of a request,
 * and at most once per request, even when the request and its copies for background work
 * ({@link Context#copy()}) ask at the same time from several threads: they all get the same
 * object. A request that never asks never runs the factory. If the object is
 * {@link AutoCloseable}, it is closed once when the request has ended, after its teardown
 * callbacks, and, when copies are still running, after the last of them ends. A factory that
 * throws stores nothing; the next call tries again.
 *
 * <p>Each app has its own registrations: two apps in one JVM may register the same type with
 * different factories. The object itself is shared by threads when copies use it, so make it
 * immutable or thread-safe.
 *
 * @param <T> the type of the object
 */
public sealed interface UserContext<T> permits dev.carafe.internal.UserContextImpl {

    /** Returns the type of the object. */
    Class<T> type();

    /** Returns the app it is registered on. */
    Carafe app();

    /**
     * Returns the current request's object, making it on first use.
     *
     * @throws ContextException when no request is current ("Working outside of request
     *         context."), the current context carries no request, or the current request belongs
     *         to another app; {@link Context#copy()} the request's context to use it in other threads
     * @throws CarafeException  when the factory returns null or, directly or not, needs the
     *         object it is making
     */
    T current();
}
