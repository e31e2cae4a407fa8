package dev.carafe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An executor service that runs each task in a copy of the context current where the task was
 * submitted. Every path ({@code execute}, {@code submit}, {@code invokeAll}, {@code invokeAny})
 * goes through {@link #execute}, on the submitting thread, so the copy is taken there.
 */
public final class CopyingExecutorService extends AbstractExecutorService {
    static final String API = "Submitting to 'Background.executor(...)'";

    private final ExecutorService delegate;

    /** Wraps {@code delegate}, which runs the tasks; shutting this down shuts it down. */
    public CopyingExecutorService(ExecutorService delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable task) {
        BackgroundCopy.execute(delegate, Objects.requireNonNull(task, "task"), API);
    }

    ExecutorService delegate() {
        return delegate;
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** Shuts the delegate down and returns the tasks that never ran, each copy's hold given back. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> drained = delegate.shutdownNow();
        List<Runnable> tasks = new ArrayList<>(drained.size());
        for (Runnable r : drained) {
            tasks.add(BackgroundCopy.unwrapDrained(r));
        }
        return tasks;
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "<context-copying " + delegate + ">";
    }
}
