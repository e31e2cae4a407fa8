package dev.carafe.internal;

import dev.carafe.ContextException;
import dev.carafe.G;
import dev.carafe.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@link G} of one context: an insertion-ordered typed map plus resources to close.
 *
 * <p>Synchronized: {@code StructuredTaskScope} subtasks share their parent's context and so its
 * {@code g}; two of them calling {@code resource(DB, ...)} at once must open one connection, not two.
 * The lock is uncontended in the usual single-thread case.
 */
public final class GImpl implements G {
    private final String owner;
    private Map<Key<?>, Object> values;
    private List<AutoCloseable> resources;
    private boolean closed;

    GImpl(String owner) {
        this.owner = owner;
    }

    private Map<Key<?>, Object> map() {
        if (values == null) {
            values = new LinkedHashMap<>();
        }
        return values;
    }

    @Override
    public synchronized <T> Optional<T> get(Key<T> key) {
        return values == null ? Optional.empty() : Optional.ofNullable(key.cast(values.get(key)));
    }

    @Override
    public synchronized <T> T get(Key<T> key, T defaultValue) {
        Object v = values == null ? null : values.get(key);
        return v == null ? defaultValue : key.cast(v);
    }

    @Override
    public synchronized <T> T require(Key<T> key) {
        Object v = values == null ? null : values.get(key);
        if (v == null) {
            throw new NoSuchElementException("g has no value for " + key + "; set it with g().set(...) or read it"
                    + " with g().get(key) and handle absence");
        }
        return key.cast(v);
    }

    @Override
    public synchronized <T> void set(Key<T> key, T value) {
        map().put(key, key.cast(Objects.requireNonNull(value, () -> "value for " + key)));
    }

    @Override
    public synchronized <T> Optional<T> pop(Key<T> key) {
        return values == null ? Optional.empty() : Optional.ofNullable(key.cast(values.remove(key)));
    }

    @Override
    public synchronized <T> T setDefault(Key<T> key, T value) {
        Object v = map().putIfAbsent(key, key.cast(Objects.requireNonNull(value, () -> "value for " + key)));
        return v == null ? value : key.cast(v);
    }

    @Override
    public synchronized boolean contains(Key<?> key) {
        return values != null && values.containsKey(key);
    }

    @Override
    public synchronized Set<Key<?>> keys() {
        // A snapshot: structured subtasks share g, so a live view could change while iterated.
        return values == null ? Set.of() : Collections.unmodifiableSet(new java.util.LinkedHashSet<>(values.keySet()));
    }

    @Override
    public Iterator<Key<?>> iterator() {
        return keys().iterator();
    }

    @Override
    public synchronized <T extends AutoCloseable> T resource(Key<T> key, Supplier<? extends T> factory) {
        Object existing = values == null ? null : values.get(key);
        if (existing != null) {
            return key.cast(existing);
        }
        if (closed) {
            throw new ContextException("Cannot create the resource " + key + ": this context's resources were"
                    + " already closed by its teardown. Create resources while the context is active, at the"
                    + " latest in a teardown callback.");
        }
        T value = Objects.requireNonNull(factory.get(), () -> "factory for " + key + " returned null");
        map().put(key, key.cast(value));
        if (resources == null) {
            resources = new ArrayList<>(2);
        }
        resources.add(value);
        return value;
    }

    /** Closes the resources in reverse order of creation, each once; adds failures to {@code errors}. */
    synchronized void closeResources(List<Throwable> errors) {
        closed = true;
        if (resources == null) {
            return;
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Throwable t) {
                errors.add(t);
            }
        }
        resources = null;
    }

    @Override
    public String toString() {
        return "<g of " + owner + ">";
    }
}
