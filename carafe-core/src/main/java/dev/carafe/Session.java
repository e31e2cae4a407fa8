package dev.carafe;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session of the current request: Flask's {@code session}, a map of JSON-friendly values
 * that lives across requests (by default in a signed cookie, byte-compatible with Flask's).
 *
 * <p>Any change marks it {@linkplain #modified() modified}; unlike Flask, a change inside a
 * nested value (a list stored in the session) is saved too. Reaching the session through
 * {@link Globals#session()} marks it {@linkplain #accessed() accessed}, which adds
 * {@code Vary: Cookie} to the response. Not thread-safe; a copy of the context for background
 * work shares this object, and changing it after the response was sent fails.
 *
 * <p>Implementations come from a {@link dev.carafe.spi.SessionInterface}.
 */
public interface Session {

    /**
     * Returns the value stored under {@code key}, if any (Flask's {@code session.get}); empty
     * for a stored {@code null} too ({@link #contains} tells them apart). Values read back from
     * the cookie have their JSON types: integers are {@code Long}s, fractions {@code Double}s,
     * objects {@code Map}s and arrays {@code List}s; see {@link #get(Key)} for the declared type.
     */
    Optional<Object> get(String key);

    /**
     * Returns the value under {@code key.name()}, converted to {@code key.type()} where JSON
     * loses the type: a number to any exact numeric type (a {@code Long} for an {@code Integer}
     * key), an {@code Instant} to {@code OffsetDateTime}, {@code ZonedDateTime} or
     * {@code LocalDateTime} (UTC), a {@link Tuple} to a {@code List} and back, {@link Markup}
     * to {@code String}.
     *
     * @throws ClassCastException naming the key when the value cannot be read as the key's type
     */
    <T> Optional<T> get(Key<T> key);

    /** Returns the value under {@code key}, or {@code defaultValue}. */
    default <T> T get(Key<T> key, T defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * Stores {@code value} under {@code key}. Values must be what the session can serialize:
     * strings, numbers, booleans, {@code null}, lists, maps with string keys, {@link Tuple}s,
     * byte arrays, UUIDs, instants and date-times (kept to the second), and {@link Markup}.
     *
     * @throws IllegalArgumentException for a value the session cannot store
     * @throws ContextException when no secret key is set, or the response was already sent
     */
    void put(String key, Object value);

    /** Stores {@code value} under {@code key.name()}; see {@link #put(String, Object)}. */
    default <T> void set(Key<T> key, T value) {
        put(key.name(), value);
    }

    /**
     * Removes {@code key} and returns its value, if any. Like Flask's {@code session.pop}, this
     * marks the session modified even when the key was absent, so an emptied session deletes
     * the cookie.
     */
    Optional<Object> remove(String key);

    /** Removes every value; a modified empty session deletes the cookie. */
    void clear();

    /** Returns whether {@code key} is stored. */
    boolean contains(String key);

    /** Returns the stored keys. */
    Set<String> keys();

    /** Returns the number of stored keys. */
    int size();

    /** Returns whether nothing is stored. */
    boolean isEmpty();

    /** Returns a read-only view of the stored values. */
    Map<String, Object> asMap();

    /** Returns whether the session outlives the browser session (stored under {@code _permanent}). */
    boolean permanent();

    /** Sets whether the session outlives the browser session; this is a change, as in Flask. */
    void permanent(boolean permanent);

    /** Returns whether the session was changed during this request. */
    boolean modified();

    /** Marks the session changed, so it is saved even if no change was detected. */
    void markModified();

    /** Returns whether the session was read or written during this request. */
    boolean accessed();

    /** Returns whether this session is the null session used when no secret key is set. */
    default boolean isNull() {
        return false;
    }
}
