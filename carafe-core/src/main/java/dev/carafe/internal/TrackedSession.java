package dev.carafe.internal;

import dev.carafe.ContextException;
import dev.carafe.Key;
import dev.carafe.Session;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The session as handed to application code: tracks access at the context level (so
 * {@code in}/{@code size} count, GHSA-68rp-wp8r-4726) and refuses changes once the response
 * was made and the session saved into it, when they could only be lost (a copy for background
 * work outliving its request, a teardown callback).
 */
final class TrackedSession implements Session {
    private final Session delegate;
    private final SharedRequest shared;
    private boolean accessed;

    TrackedSession(Session delegate, SharedRequest shared) {
        this.delegate = delegate;
        this.shared = shared;
    }

    Session delegate() {
        return delegate;
    }

    void markAccessed() {
        accessed = true;
        if (shared != null) {
            // One flag for the request and its copies: a copy reading the session before the
            // response is made adds Vary: Cookie too (Flask's docs warn that its copies do not).
            shared.markSessionAccessed();
        }
    }

    private void checkWritable() {
        if (shared != null && shared.responseMade()) {
            throw new ContextException("Cannot change the session: the response was already made and the session"
                    + " saved into it, so the change would be lost. Change the session in the handler, before the"
                    + " response is returned; background work may read it but not write it.");
        }
    }

    @Override public Optional<Object> get(String key) { return delegate.get(key); }
    @Override public <T> Optional<T> get(Key<T> key) { return delegate.get(key); }
    @Override public boolean contains(String key) { return delegate.contains(key); }
    @Override public Set<String> keys() { return delegate.keys(); }
    @Override public int size() { return delegate.size(); }
    @Override public boolean isEmpty() { return delegate.isEmpty(); }
    @Override public Map<String, Object> asMap() { return delegate.asMap(); }
    @Override public boolean permanent() { return delegate.permanent(); }
    @Override public boolean modified() { return delegate.modified(); }
    @Override
    public boolean accessed() {
        return accessed || (shared != null && shared.sessionAccessed()) || delegate.accessed();
    }
    @Override public boolean isNull() { return delegate.isNull(); }

    @Override
    public void put(String key, Object value) {
        checkWritable();
        delegate.put(key, value);
    }

    @Override
    public Optional<Object> remove(String key) {
        checkWritable();
        return delegate.remove(key);
    }

    @Override
    public void clear() {
        checkWritable();
        delegate.clear();
    }

    @Override
    public void permanent(boolean permanent) {
        checkWritable();
        delegate.permanent(permanent);
    }

    @Override
    public void markModified() {
        checkWritable();
        delegate.markModified();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
