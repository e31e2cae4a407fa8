package dev.carafe;

import java.util.concurrent.Callable;

/**
 * A context: the app, a fresh {@link G}, and, for a request, the {@link Request} and its
 * {@link Session}. Flask 3.2's single {@code AppContext}, which may carry a request.
 *
 * <p><b>Lifetime.</b> A context owns its lifetime: {@link #push()} makes it current on this
 * thread and {@link #close()} (or {@link #pop}) ends it, running teardown. Use
 * try-with-resources:
 * <pre>{@code
 * try (var ctx = app.appContext().push()) {
 *     Connection db = Globals.g().resource(DB, Db::open);   // closed when the block ends
 * }
 * }</pre>
 * Every request, every {@code app.appContext()} and every copy gets its own context and its own
 * {@code g}, even when another context is already current (Flask 3.2, not 3.1). Pushing the same
 * object again only counts; teardown runs on the last pop. A pop is checked before anything
 * changes: popping a context that is not pushed, not the current one, or pushed on another
 * thread fails with a {@link ContextException} naming both contexts, and leaves state alone.
 *
 * <p><b>Visibility.</b> Which context is current is kept apart from the context itself: a
 * thread-local stack for {@code push}/{@code pop}, and a {@link ScopedValue} binding for
 * {@link #run}/{@link #call} and for requests, so that {@code StructuredTaskScope} subtasks
 * forked inside see it with no wrapping. A context made current with {@link #push()} alone is
 * seen by its own thread only. See {@code docs/context-model.md}.
 *
 * <p>Not thread-safe: a context is used by the thread that pushed it (and by structured
 * subtasks, which should return results rather than write to its {@code g}). To use it in
 * other threads, {@link #copy()} it (or use {@link Globals#copyContext}).
 */
public sealed interface Context extends AutoCloseable permits dev.carafe.internal.ContextImpl {

    /** Returns the app this context belongs to. */
    Carafe app();

    /** Returns this context's {@code g}. */
    G g();

    /** Returns whether this context carries a request. */
    boolean hasRequest();

    /**
     * Returns the request.
     *
     * @throws ContextException "There is no request in this context." when it carries none
     */
    Request request();

    /**
     * Returns the session, opened when the context was pushed; reaching it marks it accessed.
     *
     * @throws ContextException when this context carries no request
     */
    Session session();

    /** Returns per-context storage for extensions, apart from {@code g}. */
    Attributes attributes();

    /** Returns whether this context is a copy made for background work. */
    boolean isCopy();

    /**
     * Makes this context current on this thread and returns it, for try-with-resources.
     * The first push sends {@link Signal#APPCONTEXT_PUSHED}; a request context also opens its
     * session and matches its URL then. Pushing it again only counts.
     *
     * @throws ContextException when it has already ended, or is pushed on another thread
     */
    Context push();

    /**
     * Pops this context; the last pop runs teardown with {@link Outcome#COMPLETED}.
     *
     * @throws ContextException when it is not pushed or not current; nothing changes then
     */
    void pop();

    /**
     * Pops this context; the last pop runs teardown with {@code error} as the unhandled error
     * (none when {@code null}). Teardown failures are thrown together: the first, with the rest
     * suppressed.
     *
     * @throws ContextException when it is not pushed or not current; nothing changes then
     */
    void pop(Throwable error);

    /** Pops this context, as {@link #pop()}. */
    @Override
    void close();

    /**
     * Pushes this context, runs {@code action}, and pops it, passing teardown the exception
     * that escapes. Unlike {@link #push()}, it also binds the context for
     * {@code StructuredTaskScope} subtasks forked inside.
     */
    void run(Runnable action);

    /** Like {@link #run}, returning the value of {@code action}; checked exceptions pass through. */
    <T> T call(Callable<T> action) throws Exception;

    /**
     * Returns a copy for background work: the same app, request, session and user context, a
     * new empty {@code g}. Popping a copy runs the teardown-app-context callbacks and closes
     * its {@code g} resources, never the request's teardown; what the request and its copies
     * share is released after the last of them ends. A copy holds that shared state until it is
     * popped; one that is never pushed gives it back only when it is garbage collected, so prefer
     * {@link Background}, which gives it back at once when work is cancelled or rejected.
     */
    Context copy();

    /**
     * Registers {@code hook} to run on this request's response, after the handler, in
     * registration order (Flask's {@code after_this_request}).
     *
     * @throws ContextException when the context carries no request, or the response was already made
     */
    void afterThisRequest(ResponseHook hook);
}
