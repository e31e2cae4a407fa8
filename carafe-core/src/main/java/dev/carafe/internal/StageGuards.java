package dev.carafe.internal;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wrappers for the functions given to a {@link CopyingFuture}'s stages, which report a failure
 * in the copy where the function threw it, on the thread that ran it.
 *
 * <p>The report has to happen inside the function: once a {@link java.util.concurrent.CompletableFuture}
 * holds the failure, its dependents may run on any thread, including one blocked in
 * {@code join()}, which runs the dependents left over when it wakes up. A dependent that logs
 * would then run outside the copy and the copy's teardown would not hear of the failure.
 */
final class StageGuards {
    // Failures already reported, so one rethrown by several stages is logged once; weak keys,
    // and Throwable keeps identity equality.
    private static final Map<Throwable, Boolean> REPORTED = Collections.synchronizedMap(new WeakHashMap<>());

    private StageGuards() {}

    /**
     * Reports {@code failure}, thrown by a stage's function on this thread, when this thread runs
     * in a copy: logs it in the copy, and makes it the copy's outcome when it is the first. A
     * cancellation is not a failure, and a function run outside a copy is the caller's business.
     */
    static void report(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        ContextImpl ctx = ContextHolder.current();
        if (cause instanceof CancellationException || ctx == null || !ctx.isCopy()) {
            return;
        }
        if (REPORTED.putIfAbsent(cause, Boolean.TRUE) == null) {
            BackgroundCopy.caught(cause);
        }
    }

    static <T> Supplier<T> supplier(Supplier<? extends T> f) {
        Objects.requireNonNull(f, "function");
        return () -> {
            try {
                return f.get();
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }

    static <T, U> Function<T, U> function(Function<? super T, ? extends U> f) {
        Objects.requireNonNull(f, "function");
        return t -> {
            try {
                return f.apply(t);
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }

    static <T, U, R> BiFunction<T, U, R> biFunction(BiFunction<? super T, ? super U, ? extends R> f) {
        Objects.requireNonNull(f, "function");
        return (t, u) -> {
            try {
                return f.apply(t, u);
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }

    static <T> Consumer<T> consumer(Consumer<? super T> f) {
        Objects.requireNonNull(f, "function");
        return t -> {
            try {
                f.accept(t);
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }

    static <T, U> BiConsumer<T, U> biConsumer(BiConsumer<? super T, ? super U> f) {
        Objects.requireNonNull(f, "function");
        return (t, u) -> {
            try {
                f.accept(t, u);
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }

    static Runnable runnable(Runnable f) {
        Objects.requireNonNull(f, "function");
        return () -> {
            try {
                f.run();
            } catch (RuntimeException | Error e) {
                report(e);
                throw e;
            }
        };
    }
}
