package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.ContextException;
import dev.carafe.Outcome;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * A copy of a context captured for one piece of background work: taken where the work is
 * handed over, held until the work runs in it once, or until it is discarded.
 *
 * <p>Capturing holds the request's shared resources (uploaded files, a closeable user context)
 * so that they outlive the request while the work is pending. Work that never runs (a cancelled
 * or rejected task, a drained queue, a wrapper nobody called) gives its hold back: at once when
 * Carafe sees it, otherwise when the wrapper is garbage collected, so nothing stays held forever.
 */
public final class BackgroundCopy {
    // One daemon thread for all copies; created on first use only.
    private static final class Cleaners {
        static final Cleaner CLEANER = Cleaner.create();
    }

    private final Hold hold;
    private final Map<String, String> mdc;

    private BackgroundCopy(ContextImpl copy, Map<String, String> mdc) {
        this.hold = new Hold(copy);
        this.mdc = mdc;
        Cleaners.CLEANER.register(this, hold);
    }

    /**
     * The copy and whether it was used; the cleaning action, so it must not refer to the
     * {@link BackgroundCopy}.
     */
    private record Hold(ContextImpl copy, AtomicBoolean claimed) implements Runnable {
        Hold(ContextImpl copy) {
            this(copy, new AtomicBoolean());
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                copy.discard();
            }
        }
    }

    /**
     * Copies the current context, and this thread's MDC, for work handed over by {@code api}.
     *
     * @throws ContextException when no context is current; the message names {@code api}
     */
    public static BackgroundCopy capture(String api) {
        ContextImpl current = ContextHolder.current();
        if (current == null) {
            throw new ContextException(noContextMessage(api));
        }
        return new BackgroundCopy((ContextImpl) current.copy(), MDC.getCopyOfContextMap());
    }

    /** Returns the message for copying with no context current; {@code api} is what the user called. */
    public static String noContextMessage(String api) {
        return api + " works only when a context is active, such as in a handler or inside"
                + " 'app.appContext().run(...)'. Copy the context in the request, before handing work to another thread.";
    }

    /**
     * Returns a runnable that runs {@code task} in this copy; a {@link Future} task cancelled
     * before it starts gives the hold back instead, and one that fails is logged in the copy.
     */
    public Runnable bind(Runnable task) {
        return new CopyTask(this, task);
    }

    /** Returns the copied context. */
    public ContextImpl context() {
        return hold.copy();
    }

    /**
     * Runs {@code work} in the copy, on this thread, once: binds and pushes the copy, sets the
     * captured MDC, runs the work, pops the copy (its teardown), and leaves this thread as it found
     * it, also when the work or the teardown throws. A failure of the work is logged with the
     * request's method and path and thrown; a teardown failure is thrown too, or suppressed on the
     * work's failure.
     *
     * @throws ContextException when this copy already ran or was discarded
     */
    public <T> T call(Callable<T> work) throws Exception {
        if (!hold.claim()) {
            throw new ContextException("This task was wrapped to run once, in a copy of " + hold.copy().origin()
                    + ", and it already ran (or was discarded). Wrap it again for each run with Background.wrap(...),"
                    + " or submit it through Background.executor(...), which copies the context at each submit.");
        }
        Run run = new Run(hold.copy());
        Map<String, String> before = MDC.getCopyOfContextMap();
        setMdc(mdc);
        try {
            return ScopedValue.where(ContextHolder.SCOPED, run.copy).where(RUN, run).call(() -> callPushed(run, work));
        } finally {
            setMdc(before);
        }
    }

    /** One run of work in a copy: what a future caught from the work, for the copy's teardown. */
    private static final class Run {
        final ContextImpl copy;
        Throwable caught;

        Run(ContextImpl copy) {
            this.copy = copy;
        }
    }

    private static final ScopedValue<Run> RUN = ScopedValue.newInstance();

    /**
     * Reports a failure of work in a copy that a future caught instead of letting it escape (a
     * {@code FutureTask}, a {@code CompletableFuture} stage): logs it in the copy and, when it
     * was thrown by the work this thread runs in a copy, ends that copy with it as the outcome.
     * Does nothing outside a copy: a caller failing its own future is its business.
     */
    static void caught(Throwable failure) {
        ContextImpl ctx = ContextHolder.current();
        if (ctx == null || !ctx.isCopy()) {
            return;
        }
        if (RUN.isBound() && RUN.get().copy == ctx && RUN.get().caught == null) {
            RUN.get().caught = failure;
        }
        logFailure(ctx, failure);
    }

    /** Like {@link #call}, for work that throws no checked exception. */
    public <T> T get(Supplier<T> work) {
        try {
            return call(work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CarafeException("Unexpected checked exception from " + work, e);
        }
    }

    /** Gives the hold back without running anything; does nothing when the copy already ran. */
    public void discard() {
        hold.run();
    }

    private static <T> T callPushed(Run run, Callable<T> work) throws Exception {
        ContextImpl copy = run.copy;
        try {
            copy.push();
        } catch (RuntimeException | Error e) {
            logFailure(copy, e);
            throw e;
        }
        Throwable failure = null;
        try {
            return work.call();
        } catch (Throwable t) {
            failure = t;
            logFailure(copy, t);
            throw t;
        } finally {
            // Also pops contexts the work pushed and forgot, which would stay on a pooled thread.
            if (failure == null) {
                copy.popAtRequestEnd(Outcome.of(run.caught));
            } else {
                try {
                    copy.popAtRequestEnd(Outcome.of(failure));
                } catch (Throwable teardownFailure) {
                    failure.addSuppressed(teardownFailure);
                }
            }
        }
    }

    /**
     * A task that catches its own failure into a {@link Future} (a {@code FutureTask}, a
     * thread-per-task executor's future); logged inside the copy after it ran.
     */
    private record TaskCall<T>(Runnable task) implements Supplier<T> {
        @Override
        public T get() {
            task.run();
            if (task instanceof Future<?> f && f.state() == Future.State.FAILED) {
                caught(f.exceptionNow());
            }
            return null;
        }
    }

    /** Logs a failure of background work in {@code ctx}, naming the request it was copied from. */
    static void logFailure(ContextImpl ctx, Throwable failure) {
        RequestImpl request = ctx.requestImpl();
        if (request != null) {
            ctx.appImpl().logger().error("Background work copied from {} {} failed", request.method(),
                    request.exchangePath(), failure);
        } else {
            ctx.appImpl().logger().error("Background work copied from {} failed", ctx.origin(), failure);
        }
    }

    /**
     * Hands {@code task} to {@code executor} to run in a copy of the current context: the
     * submit path of every context-copying executor. A task the executor refuses gives its hold
     * back; so does a {@link Future} task that was cancelled before it started.
     *
     * @throws ContextException when no context is current
     */
    public static void execute(Executor executor, Runnable task, String api) {
        BackgroundCopy copy = capture(api);
        try {
            executor.execute(copy.bind(task));
        } catch (RuntimeException | Error e) {
            copy.discard();
            throw e;
        }
    }

    /** Returns the task inside a runnable made by {@link #execute}, releasing its copy; others as they are. */
    public static Runnable unwrapDrained(Runnable drained) {
        if (drained instanceof CopyTask(BackgroundCopy copy, Runnable task)) {
            copy.discard();
            return task;
        }
        return drained;
    }

    /** The runnable an executor runs: the task, in its copy. */
    private record CopyTask(BackgroundCopy copy, Runnable task) implements Runnable {
        @Override
        public void run() {
            if (task instanceof Future<?> f && f.isDone()) {
                copy.discard();   // cancelled before it started: nothing to run
                return;
            }
            copy.get(new TaskCall<>(task));
        }

        @Override
        public String toString() {
            return task + " in " + copy.context();
        }
    }

    private static void setMdc(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(map);
        }
    }

    @Override
    public String toString() {
        return "<background copy of " + hold.copy().origin() + ">";
    }
}
