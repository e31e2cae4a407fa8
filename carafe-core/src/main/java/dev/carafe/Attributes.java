package dev.carafe;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed storage for extensions, kept apart from the user's {@link G}: per app
 * ({@link Carafe#extensions()}) or per context ({@link Context#attributes()}).
 *
 * <p>The seeds' "a place for extensions to save additional data". Thread-safe.
 */
public sealed interface Attributes permits dev.carafe.internal.AttributesImpl {

    /** Returns the value of {@code key}, if set. */
    <T> Optional<T> get(Key<T> key);

    /** Sets {@code key} to {@code value} (non-null) and returns the previous value, if any. */
    <T> Optional<T> put(Key<T> key, T value);

    /** Returns the value of {@code key}, creating it with {@code factory} when unset (atomically). */
    <T> T computeIfAbsent(Key<T> key, Supplier<? extends T> factory);

    /** Removes {@code key} and returns its value, if it was set. */
    <T> Optional<T> remove(Key<T> key);
}
