package dev.carafe.internal;

import dev.carafe.ContextException;
import dev.carafe.G;
import dev.carafe.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@link G} of one context: an insertion-ordered typed map plus resources to close.
 *
 * <p>Thread-safe: {@code StructuredTaskScope} subtasks share their parent's context and so its
 * {@code g}. Reads take no lock: the values are in a {@link ConcurrentHashMap}, whose reads are
 * lock-free and allocate nothing. Every change takes this object's lock, so that two subtasks
 * calling {@code resource(DB, ...)} at once open one connection, not two, and the insertion order,
 * kept apart since the map has none, stays in step. Making every method synchronized had doubled
 * the cost of a read (AccessBenchmarks, docs/benchmarks.md).
 */
public final class GImpl implements G {
    private final String owner;
    // Made under the lock at the first change; volatile so that a lock-free read sees it whole.
    private volatile ConcurrentHashMap<Key<?>, Object> values;
    /** The keys in insertion order, as in a Python dict; guarded by this. */
    private List<Key<?>> order;
    private List<AutoCloseable> resources;
    private boolean closed;

    GImpl(String owner) {
        this.owner = owner;
    }

    /** Returns the map, made on first use; call with the lock held. */
    private ConcurrentHashMap<Key<?>, Object> map() {
        ConcurrentHashMap<Key<?>, Object> map = values;
        if (map == null) {
            map = new ConcurrentHashMap<>();
            order = new ArrayList<>();
            values = map;
        }
        return map;
    }

    /** Returns the value of {@code key} in {@code map}, or null; a null key has no value, as in a HashMap. */
    private static Object lookup(Map<Key<?>, Object> map, Key<?> key) {
        return key == null ? null : map.get(key);
    }

    @Override
    public <T> Optional<T> get(Key<T> key) {
        Map<Key<?>, Object> map = values;
        return map == null ? Optional.empty() : Optional.ofNullable(key.cast(lookup(map, key)));
    }

    @Override
    public <T> T get(Key<T> key, T defaultValue) {
        Map<Key<?>, Object> map = values;
        Object v = map == null ? null : lookup(map, key);
        return v == null ? defaultValue : key.cast(v);
    }

    @Override
    public <T> T require(Key<T> key) {
        Map<Key<?>, Object> map = values;
        Object v = map == null ? null : lookup(map, key);
        if (v == null) {
            throw new NoSuchElementException("g has no value for " + key + "; set it with g().set(...) or read it"
                    + " with g().get(key) and handle absence");
        }
        return key.cast(v);
    }

    @Override
    public synchronized <T> void set(Key<T> key, T value) {
        put(key, key.cast(Objects.requireNonNull(value, () -> "value for " + key)));
    }

    /** Puts a checked value, keeping a present key's place in the order; call with the lock held. */
    private void put(Key<?> key, Object value) {
        if (map().put(key, value) == null) {
            order.add(key);
        }
    }

    @Override
    public synchronized <T> Optional<T> pop(Key<T> key) {
        if (values == null) {
            return Optional.empty();
        }
        Object removed = lookup(values, key);
        if (removed != null) {
            values.remove(key);
            order.remove(key);
        }
        return Optional.ofNullable(key.cast(removed));
    }

    @Override
    public synchronized <T> T setDefault(Key<T> key, T value) {
        T checked = key.cast(Objects.requireNonNull(value, () -> "value for " + key));
        Object v = lookup(map(), key);
        if (v == null) {
            put(key, checked);
            return value;
        }
        return key.cast(v);
    }

    @Override
    public boolean contains(Key<?> key) {
        Map<Key<?>, Object> map = values;
        return map != null && lookup(map, key) != null;
    }

    @Override
    public synchronized Set<Key<?>> keys() {
        // A snapshot: structured subtasks share g, so a live view could change while iterated.
        return values == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(order));
    }

    @Override
    public Iterator<Key<?>> iterator() {
        return keys().iterator();
    }

    @Override
    public <T extends AutoCloseable> T resource(Key<T> key, Supplier<? extends T> factory) {
        Map<Key<?>, Object> map = values;
        Object existing = map == null ? null : lookup(map, key);
        return existing != null ? key.cast(existing) : openResource(key, factory);
    }

    private synchronized <T extends AutoCloseable> T openResource(Key<T> key, Supplier<? extends T> factory) {
        // Again under the lock: another subtask may have opened it since the lock-free read.
        Object existing = values == null ? null : lookup(values, key);
        if (existing != null) {
            return key.cast(existing);
        }
        if (closed) {
            throw new ContextException("Cannot create the resource " + key + ": this context's resources were"
                    + " already closed by its teardown. Create resources while the context is active, at the"
                    + " latest in a teardown callback.");
        }
        T value = Objects.requireNonNull(factory.get(), () -> "factory for " + key + " returned null");
        put(key, key.cast(value));
        if (resources == null) {
            resources = new ArrayList<>(2);
        }
        resources.add(value);
        return value;
    }

    /**
     * Closes the resources in reverse order of creation, each once; returns {@code errors}, made
     * if null and needed, with the failures added.
     */
    synchronized List<Throwable> closeResources(List<Throwable> errors) {
        closed = true;
        if (resources == null) {
            return errors;
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Throwable t) {
                errors = Teardowns.add(errors, t);
            }
        }
        resources = null;
        return errors;
    }

    @Override
    public String toString() {
        return "<g of " + owner + ">";
    }
}
