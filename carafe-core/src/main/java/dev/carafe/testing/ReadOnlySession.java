package dev.carafe.testing;

import dev.carafe.Key;
import dev.carafe.Session;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A session read back by {@link TestClient#session()}: reads pass through, changes fail, as they could not be saved. */
final class ReadOnlySession implements Session {
    static final String MESSAGE = "This session was read from the test client's cookies after the request, so a"
            + " change to it would be lost. Change the session for the next request with"
            + " client.sessionTransaction(session -> ...).";

    private final Session session;

    ReadOnlySession(Session session) {
        this.session = session;
    }

    @Override public Optional<Object> get(String key) { return session.get(key); }
    @Override public <T> Optional<T> get(Key<T> key) { return session.get(key); }
    @Override public boolean contains(String key) { return session.contains(key); }
    @Override public Set<String> keys() { return session.keys(); }
    @Override public int size() { return session.size(); }
    @Override public boolean isEmpty() { return session.isEmpty(); }
    @Override public Map<String, Object> asMap() { return session.asMap(); }
    @Override public boolean permanent() { return session.permanent(); }
    @Override public boolean modified() { return false; }
    @Override public boolean accessed() { return session.accessed(); }
    @Override public boolean isNull() { return session.isNull(); }

    @Override public void put(String key, Object value) { throw new UnsupportedOperationException(MESSAGE); }
    @Override public Optional<Object> remove(String key) { throw new UnsupportedOperationException(MESSAGE); }
    @Override public void clear() { throw new UnsupportedOperationException(MESSAGE); }
    @Override public void permanent(boolean permanent) { throw new UnsupportedOperationException(MESSAGE); }
    @Override public void markModified() { throw new UnsupportedOperationException(MESSAGE); }

    @Override
    public String toString() {
        return session.toString();
    }
}
