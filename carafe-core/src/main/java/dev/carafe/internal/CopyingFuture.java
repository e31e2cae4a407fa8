package dev.carafe.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose async stages run in copies of the context: the first stage
 * in a copy of the caller's, and each {@code ...Async} stage without an explicit executor in a
 * copy of the context current where the stage is started, which is the copy of the stage before
 * it, or the caller's when that one had already completed. A failure thrown in a copy is logged
 * once, in that copy, however many stages it passes through.
 *
 * <p>The JDK's own extension points do this: {@link #defaultExecutor()} and
 * {@link #newIncompleteFuture()}.
 */
public final class CopyingFuture<T> extends CompletableFuture<T> {
    static final String STAGE_API = "Starting an async stage of a 'Background' future";

    // Failures already logged, so a failure passing through several stages is logged once; weak
    // keys, and Throwable keeps identity equality.
    private static final Map<Throwable, Boolean> LOGGED = Collections.synchronizedMap(new WeakHashMap<>());

    private final Executor executor;
    // Set only while this future, not yet shared, makes its own logging stage, which needs no hook.
    private boolean hookless;

    private CopyingFuture(Executor executor) {
        this.executor = executor;
    }

    /**
     * Returns a future completed by {@code supplier}, run in a copy of the current context on
     * {@code base}; later async stages run on {@code base} too.
     *
     * @throws dev.carafe.ContextException when no context is current; {@code api} names the call
     */
    public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor base, String api) {
        // An executor that already copies is unwrapped, so each stage runs in one copy, not two.
        Executor raw = base instanceof CopyingExecutorService c ? c.delegate() : base;
        CopyingFuture<T> future = withLogging(task -> BackgroundCopy.execute(raw, task, STAGE_API));
        // The first copy is taken here, on the caller's thread; no context fails naming the caller's call.
        BackgroundCopy.execute(raw, () -> future.completeWith(supplier), api);
        return future;
    }

    private void completeWith(Supplier<T> supplier) {
        try {
            complete(supplier.get());
        } catch (Throwable t) {
            completeExceptionally(t);
        }
    }

    private static <U> CopyingFuture<U> withLogging(Executor executor) {
        CopyingFuture<U> f = new CopyingFuture<>(executor);
        f.hookless = true;
        f.whenComplete((value, failure) -> logFailure(failure));
        f.hookless = false;
        return f;
    }

    private static void logFailure(Throwable failure) {
        if (failure == null) {
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ContextImpl ctx = ContextHolder.current();
        // Only failures of work run in a copy; the caller's own completeExceptionally is its business.
        if (cause instanceof CancellationException || ctx == null || !ctx.isCopy()) {
            return;
        }
        if (LOGGED.putIfAbsent(cause, Boolean.TRUE) == null) {
            BackgroundCopy.caught(cause);
        }
    }

    @Override
    public Executor defaultExecutor() {
        return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return hookless ? new CopyingFuture<>(executor) : withLogging(executor);
    }
}
