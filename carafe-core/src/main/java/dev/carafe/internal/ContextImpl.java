package dev.carafe.internal;

import dev.carafe.Attributes;
import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Context;
import dev.carafe.ContextException;
import dev.carafe.Flash;
import dev.carafe.G;
import dev.carafe.Outcome;
import dev.carafe.Request;
import dev.carafe.ResponseHook;
import dev.carafe.Session;
import dev.carafe.Signal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one context type: an app, a {@code g}, and optionally a request with its session.
 *
 * <p>Owns its lifetime (push count, owner thread, teardown); {@link ContextHolder} decides what
 * is current. All checks of a pop run before any state changes.
 */
public final class ContextImpl implements Context {
    private static final byte NEW = 0;
    private static final byte ACTIVE = 1;
    private static final byte ENDED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ContextImpl.class, "state", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final App app;
    // Made on first use: most contexts never touch g, and making it was a quarter of an app
    // context's push and pop (JMH, docs/benchmarks.md). volatile: subtasks may ask first.
    private volatile GImpl g;
    // Set by teardown; with g, a pair of volatiles: whichever of teardown and a late first use
    // comes second sees the other, so a g made after teardown is closed too. Its store is the one
    // full fence left in a push and pop, and must stay one: a release store would let both miss.
    private volatile boolean gClosed;
    private final RequestImpl request;
    private final ContextImpl origin;
    private final SharedRequest shared;
    /** This context's hold on {@link #shared}: given back exactly once, however the context ends. */
    private final RequestHold release;
    private Session session;
    private TrackedSession trackedSession;
    private volatile AttributesImpl attributes;
    private List<ResponseHook> afterThisRequest;
    private List<Flash> flashes;

    // NEW, ACTIVE or ENDED; NEW is the default value, so making a context stores nothing.
    // Read as a volatile: StructuredTaskScope subtasks read it through ContextHolder.current().
    // Written with release stores (STATE.setRelease), which cost nothing on x86 where a volatile
    // store is a full fence: with three such stores (NEW in the constructor, ACTIVE, ENDED), JFR
    // put a third of an app context's push and pop on the constructor alone. Release is enough: a
    // subtask forked after the push sees ACTIVE through the fork, and one racing the pop could
    // see either value whatever the store.
    // A byte, with the cleaner registration kept by RequestHold, keeps an app context at 72 bytes.
    private volatile byte state;
    private int pushCount;
    /** The stack of the thread this context is pushed on (it knows the thread); null when not pushed. */
    private ContextHolder.Stack stack;
    private ContextImpl previous;
    private boolean preserved;

    private ContextImpl(App app, RequestImpl request, ContextImpl origin, SharedRequest shared, Session session) {
        this.app = app;
        this.request = request;
        this.origin = origin;
        this.shared = shared;
        this.release = shared == null ? null : new RequestHold(shared);
        this.session = session;
    }

    static ContextImpl forApp(App app) {
        return new ContextImpl(app, null, null, null, null);
    }

    static ContextImpl forRequest(App app, RequestImpl request) {
        ContextImpl ctx = new ContextImpl(app, request, null, new SharedRequest(), null);
        request.attach(ctx);
        return ctx;
    }

    // ---- public API -------------------------------------------------------------------------

    @Override
    public Carafe app() {
        return app;
    }

    /** Returns the app's implementation. */
    public App appImpl() {
        return app;
    }

    @Override
    public G g() {
        GImpl current = g;
        return current != null ? current : makeG();
    }

    private synchronized GImpl makeG() {
        if (g == null) {
            GImpl made = new GImpl(app.name());
            g = made;
            if (gClosed) {
                // Teardown has closed this context's resources: refuse new ones, as an early g would.
                made.closeResources(null);
            }
        }
        return g;
    }

    /**
     * Closes g's resources, if g was ever made, and marks it closed for a g made later; returns
     * {@code errors} with the failures added.
     */
    private List<Throwable> closeG(List<Throwable> errors) {
        gClosed = true;
        GImpl current = g;
        return current == null ? errors : current.closeResources(errors);
    }

    @Override
    public boolean hasRequest() {
        return request != null;
    }

    @Override
    public Request request() {
        if (request == null) {
            throw new ContextException(noRequestMessage());
        }
        return request;
    }

    /** Returns the request implementation, or null. */
    public RequestImpl requestImpl() {
        return request;
    }

    @Override
    public Session session() {
        if (request == null) {
            throw new ContextException(noRequestMessage());
        }
        TrackedSession s = trackedSession();
        s.markAccessed();
        return s;
    }

    /** Returns the session without marking it accessed (for the save path), or null before it is opened. */
    TrackedSession trackedSession() {
        if (trackedSession == null) {
            if (session == null) {
                openSession();
            }
            trackedSession = new TrackedSession(session, shared);
        }
        return trackedSession;
    }

    @Override
    public Attributes attributes() {
        AttributesImpl a = attributes;
        if (a == null) {
            // Subtasks share the context, so two of them may ask first at the same time.
            synchronized (this) {
                a = attributes;
                if (a == null) {
                    a = new AttributesImpl();
                    attributes = a;
                }
            }
        }
        return a;
    }

    @Override
    public boolean isCopy() {
        return origin != null;
    }

    /** Returns the request's original context for a copy, or this context. */
    public ContextImpl origin() {
        return origin == null ? this : origin;
    }

    @Override
    public Context push() {
        pushInternal();
        if (pushCount == 1 && state == ACTIVE && !preserved) {
            try {
                afterFirstPush();
            } catch (RuntimeException | Error e) {
                // A failed push must not leave the context current (Flask #1528, #2517).
                try {
                    pop(e);
                } catch (RuntimeException | Error teardownFailure) {
                    e.addSuppressed(teardownFailure);
                }
                throw e;
            }
        }
        return this;
    }

    /** Makes this context current; returns whether this was the first push. No signals. */
    boolean pushInternal() {
        Thread t = Thread.currentThread();
        if (state == ENDED && !preserved) {
            throw new ContextException("Cannot push this context (" + this + "), it has already ended. Contexts are"
                    + " used once; create a new one with app.appContext() or app.testRequestContext(...).");
        }
        if (pushCount > 0) {
            if (stack.thread != t) {
                throw new ContextException("Cannot push this context (" + this + ") on " + describe(t)
                        + ": it is already pushed on " + describe(stack.thread) + ". To use it in another thread,"
                        + " push a copy: ctx.copy().run(...).");
            }
            pushCount++;
            return false;
        }
        ContextHolder.Stack s = ContextHolder.stack();
        stack = s;
        previous = s.top;
        s.top = this;
        pushCount = 1;
        if (state == NEW) {
            STATE.setRelease(this, ACTIVE);
        }
        return true;
    }

    /** What the first push does after the context is current: the pushed signal, the session, URL matching. */
    void afterFirstPush() {
        app.signals().send(Signal.APPCONTEXT_PUSHED, new Signal.ContextEvent(this));
        if (request != null && origin == null) {
            if (session == null) {
                openSession();
            }
            request.matchRoute();
        }
    }

    private void openSession() {
        session = app.sessionInterface().open(app, request).orElseGet(() -> app.sessionInterface().nullSession(app));
    }

    @Override
    public void pop() {
        pop(Outcome.COMPLETED);
    }

    @Override
    public void pop(Throwable error) {
        pop(Outcome.of(error));
    }

    @Override
    public void close() {
        pop(Outcome.COMPLETED);
    }

    /** Pops with an explicit outcome; the last pop tears down. */
    public void pop(Outcome outcome) {
        checkPop();
        pushCount--;
        if (pushCount > 0) {
            return;
        }
        if (preserved) {
            // A finished request kept readable by the test client: teardown already ran once.
            restore();
            return;
        }
        // Failures are collected in a list made at the first one: most pops have none.
        List<Throwable> errors = null;
        int logged = 0;
        try {
            errors = teardown(outcome);
        } finally {
            restore();
            STATE.setRelease(this, ENDED);
            // Logged before the popped signal, whose receivers may undo per-context logging state
            // (a correlation id in the MDC) that these lines should still carry.
            Teardowns.log(app, this, errors, 0);
            logged = errors == null ? 0 : errors.size();
            errors = app.signals().sendCollecting(Signal.APPCONTEXT_POPPED, new Signal.ContextEvent(this), errors);
            if (release != null) {
                if (errors == null) {
                    errors = new ArrayList<>(0);
                }
                release.end(errors);
            }
        }
        Teardowns.log(app, this, errors, logged);
        Teardowns.throwAll(app, this, errors);
    }

    /** Checks that this thread may pop this context now; throws, changing nothing, when not. */
    private void checkPop() {
        if (pushCount == 0) {
            throw new ContextException("Cannot pop this context (" + this + "), it is not pushed. "
                    + currentHere() + " Pop a context once for each push; try-with-resources does this for you.");
        }
        Thread t = Thread.currentThread();
        if (stack.thread != t) {
            throw new ContextException("Cannot pop this context (" + this + ") on " + describe(t)
                    + ", it was pushed on " + describe(stack.thread) + ". " + currentHere()
                    + " Pop a context on the thread that pushed it.");
        }
        // This thread's stack: the context is pushed on this thread.
        ContextImpl top = stack.top;
        if (top == null) {
            throw new ContextException("Cannot pop this context (" + this + "), there is no active context.");
        }
        if (top != this) {
            throw new ContextException("Cannot pop this context (" + this + "), it is not the active context ("
                    + top + "). Pop the contexts pushed after it first; try-with-resources does this for you.");
        }
    }

    private static String currentHere() {
        ContextImpl current = ContextHolder.current();
        return current == null ? "No context is current on this thread." : "The current context on this thread is "
                + current + ".";
    }

    private static String describe(Thread t) {
        return t.getName().isEmpty() ? "thread #" + t.threadId() : "thread #" + t.threadId() + " '" + t.getName() + "'";
    }

    /** Returns whether this context was pushed and has not ended: what a scoped binding may show. */
    boolean isLive() {
        return state == ACTIVE;
    }

    /** Returns whether this context is pushed on thread {@code t}. */
    private boolean isPushedOn(Thread t) {
        ContextHolder.Stack s = stack;
        return s != null && s.thread == t;
    }

    private void restore() {
        stack.top = previous;
        previous = null;
        stack = null;
    }

    /** Runs the teardown; returns the failures, or null when there were none. */
    private List<Throwable> teardown(Outcome outcome) {
        List<Throwable> errors = null;
        if (request != null && origin == null) {
            errors = Teardowns.teardownRequest(app, this, outcome, errors);
        }
        errors = Teardowns.teardownAppContext(app, outcome, errors);
        errors = closeG(errors);
        return app.signals().sendCollecting(Signal.APPCONTEXT_TEARING_DOWN, new Signal.TeardownEvent(this, outcome),
                errors);
    }

    /**
     * Pops every context pushed on this thread above this one and never popped (user code that
     * forgot), tearing each down with an error saying so; returns how many. The dispatcher calls
     * it after each stage of a request, so hooks and teardown see the request's own context.
     */
    int unwindLeaked() {
        if (ContextHolder.top() == this) {
            return 0;
        }
        if (!isOnThisThreadsStack()) {
            // Popped already (or never pushed here): everything on the stack belongs to callers.
            return 0;
        }
        int n = 0;
        for (ContextImpl top = ContextHolder.top(); top != null && top != this; top = ContextHolder.top()) {
            if (!top.isPushedOn(Thread.currentThread()) || top.pushCount == 0) {
                break;
            }
            n++;
            app.logger().warn("Context {} was pushed during {} and never popped; popping it now. Use"
                    + " try-with-resources or ctx.run(...) so that contexts are always popped.", top, this);
            top.pushCount = 1;
            try {
                top.pop(new ContextException("This context was pushed during " + this + " and never popped; Carafe"
                        + " popped it. Use try-with-resources or ctx.run(...) so that contexts are always popped."));
            } catch (RuntimeException e) {
                app.logger().warn("Teardown of the leaked context {} failed", top, e);
            }
        }
        return n;
    }

    private boolean isOnThisThreadsStack() {
        if (pushCount == 0 || !isPushedOn(Thread.currentThread())) {
            return false;
        }
        for (ContextImpl c = stack.top; c != null; c = c.previous) {
            if (c == this) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends a request's context whatever user code did with it: pops what it pushed and forgot,
     * undoes extra pushes of this context, then pops it with {@code outcome}. Nothing is left
     * on the thread afterwards, which a pooled thread needs.
     */
    void popAtRequestEnd(Outcome outcome) {
        unwindLeaked();
        if (!isOnThisThreadsStack()) {
            return;
        }
        if (pushCount > 1) {
            app.logger().warn("Context {} was pushed {} more time(s) during its request and not popped; ending it"
                    + " anyway. Pop each push, or use try-with-resources.", this, pushCount - 1);
            pushCount = 1;
        }
        pop(outcome);
    }

    @Override
    public void run(Runnable action) {
        try {
            call(() -> {
                action.run();
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CarafeException("Unexpected checked exception", e);
        }
    }

    @Override
    public <T> T call(Callable<T> action) throws Exception {
        return ScopedValue.where(ContextHolder.SCOPED, this).call(() -> {
            push();
            Throwable failure = null;
            try {
                return action.call();
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                if (failure == null) {
                    pop(Outcome.COMPLETED);
                } else {
                    try {
                        pop(Outcome.of(failure));
                    } catch (Throwable teardownFailure) {
                        failure.addSuppressed(teardownFailure);
                    }
                }
            }
        });
    }

    @Override
    public Context copy() {
        ContextImpl source = origin();
        Session s = request == null ? null : trackedSession().delegate();
        if (shared != null && !shared.tryAcquire()) {
            throw new ContextException("Cannot copy this context (" + this + "): its request and every copy of it"
                    + " have ended, so what they shared (uploaded files, the user context) was released. Copy the"
                    + " context while the request, or a copy of it, is still running.");
        }
        ContextImpl copy = new ContextImpl(app, request, source, shared, s);
        if (copy.release != null) {
            // A copy nobody ever pushes (work dropped before it ran) would otherwise hold the
            // request's uploads and user context forever: give the hold back when it is collected.
            copy.release.giveBackWhenCollected(copy);
        }
        return copy;
    }

    /**
     * Ends a copy that was never pushed (its work was cancelled, rejected or never run): gives
     * back its hold on what the request shares, and runs no teardown, since nothing ran in it.
     */
    void discard() {
        if (state != NEW) {
            throw new IllegalStateException("only a context that was never pushed can be discarded, " + this + " was");
        }
        state = ENDED;
        if (release != null) {
            List<Throwable> errors = new ArrayList<>(0);
            release.end(errors);
            for (Throwable t : errors) {
                app.logger().error("Releasing what {} shared with its request failed", this, t);
            }
        }
    }

    @Override
    public void afterThisRequest(ResponseHook hook) {
        if (request == null) {
            throw new ContextException("'afterThisRequest' can only be used when a request context is active,"
                    + " such as in a handler or a before-request function.");
        }
        if (origin != null || shared.responseMade()) {
            throw new ContextException("Cannot register an after-this-request function here: "
                    + (origin != null ? "this is a copy of the request's context for background work, and the"
                    + " response is made by the request itself." : "the response was already made.")
                    + " Register it in the handler or a before-request function.");
        }
        if (afterThisRequest == null) {
            afterThisRequest = new ArrayList<>(2);
        }
        afterThisRequest.add(hook);
    }

    List<ResponseHook> afterThisRequestHooks() {
        return afterThisRequest == null ? List.of() : afterThisRequest;
    }

    List<Flash> flashes() {
        return flashes;
    }

    void flashes(List<Flash> flashes) {
        this.flashes = flashes;
    }

    SharedRequest shared() {
        return shared;
    }

    /** Registers a resource shared by the request and its copies, released after the last one ends. */
    public void registerShared(AutoCloseable resource) {
        if (shared == null) {
            throw new IllegalStateException("only request contexts share resources");
        }
        shared.register(resource);
    }

    /** Marks that the response was made: later session writes and after-this-request registrations fail. */
    void markResponseMade() {
        if (shared != null) {
            shared.markResponseMade();
        }
    }

    /** Marks that the exchange is over: as {@link #markResponseMade}, and a body nobody read is gone. */
    void markResponseSent() {
        if (shared != null) {
            shared.markResponseSent();
        }
    }

    /** Re-pushes this ended context for reading only (test client); the pop runs no teardown. */
    void pushPreserved() {
        preserved = true;
        pushInternal();
    }

    boolean isPushed() {
        return pushCount > 0;
    }

    private String noRequestMessage() {
        return "There is no request in this context (" + this + "). It was made by app.appContext(), which"
                + " carries no request. Use app.testRequestContext(...) to test code that reads the request.";
    }

    @Override
    public String toString() {
        String id = Integer.toHexString(System.identityHashCode(this));
        String base = "<Context " + id + " of " + app.name();
        if (request != null) {
            base += ", " + request.method() + " '" + request.url() + "'";
        }
        return base + (origin != null ? " (copy)>" : ">");
    }
}
