package dev.carafe;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Per-context storage for application code: Flask's {@code g}, with typed keys.
 *
 * <p>One {@code G} belongs to one {@link Context}: each request, each app context and each
 * copy for background work has its own, empty at first. Reach it with {@link Globals#g()}.
 * Thread-safe, so that {@code StructuredTaskScope} subtasks, which share their parent's context,
 * can share its {@code g}; copies made for other background work get their own.
 *
 * <p>{@link #resource} is the seeds' {@code get_db()} / {@code close_db()} pattern in one call:
 * the value is created on first use and closed when the context ends, exactly once, in
 * reverse order of creation, after the teardown-app-context callbacks.
 */
public sealed interface G extends Iterable<Key<?>> permits dev.carafe.internal.GImpl {

    /** Returns the value of {@code key}, if set. */
    <T> Optional<T> get(Key<T> key);

    /** Returns the value of {@code key}, or {@code defaultValue} when unset. */
    <T> T get(Key<T> key, T defaultValue);

    /**
     * Returns the value of {@code key}.
     *
     * @throws java.util.NoSuchElementException when unset; use {@link #get(Key)} to test first
     */
    <T> T require(Key<T> key);

    /** Sets {@code key} to {@code value} (non-null). */
    <T> void set(Key<T> key, T value);

    /** Removes {@code key} and returns its value, if it was set. */
    <T> Optional<T> pop(Key<T> key);

    /** Returns the value of {@code key}, first setting it to {@code value} when unset. */
    <T> T setDefault(Key<T> key, T value);

    /** Returns whether {@code key} is set. */
    boolean contains(Key<?> key);

    /** Returns the keys that are set, in insertion order. */
    Set<Key<?>> keys();

    /**
     * Returns the value of {@code key}, creating it with {@code factory} on first use; the value
     * is closed when this context ends (once, in reverse order of creation).
     *
     * @throws ContextException when called during teardown, after resources were closed
     */
    <T extends AutoCloseable> T resource(Key<T> key, Supplier<? extends T> factory);
}
