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
 *
 * <p>The request and its copies share one session object, so every call takes one lock (the
 * request's); the save seals the session under the same lock, so a copy's change either lands
 * before the save or fails loudly, never half-way or silently. Views are snapshots.
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

    /** Returns the lock shared by the request and its copies. */
    Object lock() {
        return shared != null ? shared.sessionLock : this;
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

    @Override public Optional<Object> get(String key) { synchronized (lock()) { return delegate.get(key); } }
    @Override public <T> Optional<T> get(Key<T> key) { synchronized (lock()) { return delegate.get(key); } }
    @Override public boolean contains(String key) { synchronized (lock()) { return delegate.contains(key); } }
    @Override
    public Set<String> keys() {
        synchronized (lock()) {
            return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(delegate.keys()));
        }
    }
    @Override public int size() { synchronized (lock()) { return delegate.size(); } }
    @Override public boolean isEmpty() { synchronized (lock()) { return delegate.isEmpty(); } }
    @Override
    public Map<String, Object> asMap() {
        synchronized (lock()) {
            return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(delegate.asMap()));
        }
    }
    @Override public boolean permanent() { synchronized (lock()) { return delegate.permanent(); } }
    @Override public boolean modified() { synchronized (lock()) { return delegate.modified(); } }
    @Override
    public boolean accessed() {
        return accessed || (shared != null && shared.sessionAccessed()) || delegate.accessed();
    }
    @Override public boolean isNull() { return delegate.isNull(); }

    @Override
    public void put(String key, Object value) {
        synchronized (lock()) {
            checkWritable();
            delegate.put(key, value);
        }
    }

    @Override
    public Optional<Object> remove(String key) {
        synchronized (lock()) {
            checkWritable();
            return delegate.remove(key);
        }
    }

    @Override
    public void clear() {
        synchronized (lock()) {
            checkWritable();
            delegate.clear();
        }
    }

    @Override
    public void permanent(boolean permanent) {
        synchronized (lock()) {
            checkWritable();
            delegate.permanent(permanent);
        }
    }

    @Override
    public void markModified() {
        synchronized (lock()) {
            checkWritable();
            delegate.markModified();
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
