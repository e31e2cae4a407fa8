package dev.carafe.internal;

import dev.carafe.ContextException;
import dev.carafe.Key;
import dev.carafe.Session;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session used when no secret key is set: reads see an empty session, writes fail with a
 * message saying how to set a key (Flask's {@code NullSession}). Never saved.
 */
public final class NullSession implements Session {
    /** The message of every failed write. */
    public static final String MESSAGE = "The session is unavailable because no secret key was set. Set SECRET_KEY"
            + " in the configuration to something unique and secret, e.g. Config.builder().set(Config.SECRET_KEY,"
            + " System.getenv(\"SECRET_KEY\")), or CARAFE_SECRET_KEY in the environment with loadEnv(\"CARAFE_\").";

    private boolean accessed;

    @Override public Optional<Object> get(String key) { accessed = true; return Optional.empty(); }
    @Override public <T> Optional<T> get(Key<T> key) { accessed = true; return Optional.empty(); }
    @Override public boolean contains(String key) { accessed = true; return false; }
    @Override public Set<String> keys() { return Set.of(); }
    @Override public int size() { return 0; }
    @Override public boolean isEmpty() { return true; }
    @Override public Map<String, Object> asMap() { return Map.of(); }
    @Override public boolean permanent() { return false; }
    @Override public boolean modified() { return false; }
    @Override public boolean accessed() { return accessed; }
    @Override public boolean isNull() { return true; }

    @Override public void put(String key, Object value) { throw new ContextException(MESSAGE); }
    @Override public Optional<Object> remove(String key) { throw new ContextException(MESSAGE); }
    @Override public void clear() { throw new ContextException(MESSAGE); }
    @Override public void permanent(boolean permanent) { throw new ContextException(MESSAGE); }
    @Override public void markModified() { throw new ContextException(MESSAGE); }

    @Override
    public String toString() {
        return "<NullSession>";
    }
}
