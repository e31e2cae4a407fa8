package dev.carafe;

import dev.carafe.internal.BackgroundCopy;
import dev.carafe.internal.CopyingExecutorService;
import dev.carafe.internal.CopyingFuture;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Background work that keeps its context: runs work on other threads in a {@linkplain
 * Context#copy() copy} of the context current where the work is handed over. Flask's
 * {@code copy_current_request_context}, with a defined lifetime. From {@code BackgroundExamplesTest}:
 * <pre>{@code
 * ExecutorService mailers = Background.executor(pool);   // copies the context at each submit
 * app.post("/signup", () -> {
 *     String email = request().form().get("email", "");
 *     session().put("email", email);
 *     mailers.submit(() -> log.add("mail to " + session().get("email").orElseThrow()
 *             + ", signed up from " + request().remoteAddr()));
 *     return "Check your inbox.";
 * });
 * }</pre>
 *
 * <p><b>What a copy sees.</b> The same app, request, session object and user context; its own
 * empty {@link G}, and the SLF4J MDC of the thread that handed the work over.
 *
 * <p><b>Lifetime.</b> A copy is taken when the work is handed over (wrapped, submitted, or a
 * thread made), and popped when the work ends, on the thread that ran it; nothing of it stays
 * on that thread. Popping a copy runs the teardown-app-context callbacks and closes its own
 * {@code g} resources; it never runs the request's teardown-request callbacks, which run once,
 * when the request ends. What the request and its copies share (uploaded files, a closeable
 * user context) is released once, after the last of them ends, in whatever order. The response
 * never waits for a copy.
 *
 * <p><b>After the response.</b> A copy may read what the request read; changing the session,
 * registering an after-this-request function, or reading a body nobody read fail with a
 * {@link ContextException} saying why.
 *
 * <p><b>Failures</b> of the work reach whoever waits for it (the {@code Future}, the scope, the
 * {@code CompletableFuture}), are logged in the copy with the request's method and path, and
 * are the outcome the copy's teardown-app-context callbacks get; never the request's.
 *
 * <p><b>{@code StructuredTaskScope}</b> needs none of this: subtasks forked in a request, or in
 * {@link Context#run}, see that context through a {@link ScopedValue} binding and share its
 * {@code g}. Fork {@code Background.wrapCallable(callable)} to give a subtask a copy with its own.
 *
 * <p>Each method that copies throws a {@link ContextException} when no context is current.
 * See {@code docs/background-work.md}.
 */
public final class Background {
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().name("carafe-background-", 0).factory();
    private static final Executor VIRTUAL_THREAD_PER_TASK = task -> VIRTUAL.newThread(task).start();

    private Background() {}

    /**
     * Returns {@code task} bound to a copy of the current context, taken now; each run pushes
     * the copy, runs the task and pops it. It runs once: a copy is used by one piece of work.
     *
     * @throws ContextException when no context is current; a second run throws it too
     */
    public static Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return BackgroundCopy.capture("'Background.wrap'").bind(task);
    }

    /**
     * Returns {@code task} bound to a copy of the current context, taken now; see {@link #wrap(Runnable)}.
     * Fork it in a {@code StructuredTaskScope} to give a subtask its own {@code g}.
     *
     * <p>Not an overload of {@code wrap}: Java picks the {@code Callable} overload for any lambda
     * that returns a value, such as {@code () -> list.add(x)}, even where a {@code Runnable} is
     * expected, which would not compile.
     *
     * @throws ContextException when no context is current; a second call throws it too
     */
    public static <T> Callable<T> wrapCallable(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        BackgroundCopy copy = BackgroundCopy.capture("'Background.wrapCallable'");
        return () -> copy.call(task);
    }

    /**
     * Returns {@code task} bound to a copy of the current context, taken now; see {@link #wrap(Runnable)}.
     *
     * @throws ContextException when no context is current; a second call throws it too
     */
    public static <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        BackgroundCopy copy = BackgroundCopy.capture("'Background.wrapSupplier'");
        return () -> copy.get(task);
    }

    /**
     * Returns an executor service that runs each task on {@code delegate} in a copy of the
     * context current where the task is submitted ({@code execute}, {@code submit},
     * {@code invokeAll}, {@code invokeAny}). A task cancelled before it starts, refused, or
     * returned by {@code shutdownNow()} gives back what its copy held. Shutting it down shuts
     * {@code delegate} down.
     *
     * <p>Submitting throws a {@link ContextException} when no context is current; give work
     * that needs no context to {@code delegate} itself.
     */
    public static ExecutorService executor(ExecutorService delegate) {
        return delegate instanceof CopyingExecutorService already ? already : new CopyingExecutorService(delegate);
    }

    /**
     * Returns a factory of virtual threads, each running its task in a copy of the context
     * current where the thread is made. Meant for one thread per task:
     * {@code Executors.newThreadPerTaskExecutor(Background.threadFactory())}, or a
     * {@code StructuredTaskScope} whose subtasks should each have their own {@code g}. Do not
     * give it to a pool: a pooled thread would keep one copy for every task it runs; use
     * {@link #executor} for pools.
     *
     * <p>{@code newThread} throws a {@link ContextException} when no context is current.
     */
    public static ThreadFactory threadFactory() {
        return task -> {
            Objects.requireNonNull(task, "task");
            BackgroundCopy copy = BackgroundCopy.capture("Making a thread with 'Background.threadFactory()'");
            try {
                return VIRTUAL.newThread(copy.bind(task));
            } catch (RuntimeException | Error e) {
                copy.discard();
                throw e;
            }
        };
    }

    /**
     * Returns a future completed by {@code supplier}, run on a new virtual thread in a copy of
     * the current context. Its {@code ...Async} stages without an executor run on new virtual
     * threads too, each in a copy of the context where the stage starts: the copy that ran the
     * stage before it, or the caller's when that stage had already completed.
     *
     * @throws ContextException when no context is current
     */
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier) {
        return supplyAsync(supplier, VIRTUAL_THREAD_PER_TASK);
    }

    /**
     * Like {@link #supplyAsync(Supplier)}, running {@code supplier} and the later async stages
     * on {@code executor} (which may be one from {@link #executor}; it is not copied twice).
     *
     * @throws ContextException when no context is current
     */
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
        Objects.requireNonNull(supplier, "supplier");
        return CopyingFuture.supplyAsync(supplier, Objects.requireNonNull(executor, "executor"), "'Background.supplyAsync'");
    }

    /**
     * Returns a future completed when {@code task} has run on a new virtual thread in a copy of
     * the current context; see {@link #supplyAsync(Supplier)}.
     *
     * @throws ContextException when no context is current
     */
    public static CompletableFuture<Void> runAsync(Runnable task) {
        return runAsync(task, VIRTUAL_THREAD_PER_TASK);
    }

    /**
     * Like {@link #runAsync(Runnable)}, on {@code executor}.
     *
     * @throws ContextException when no context is current
     */
    public static CompletableFuture<Void> runAsync(Runnable task, Executor executor) {
        Objects.requireNonNull(task, "task");
        return CopyingFuture.supplyAsync(() -> {
            task.run();
            return null;
        }, Objects.requireNonNull(executor, "executor"), "'Background.runAsync'");
    }
}
