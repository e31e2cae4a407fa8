package dev.carafe.internal;

import dev.carafe.Attributes;
import dev.carafe.Key;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A thread-safe typed map for extensions. */
public final class AttributesImpl implements Attributes {
    private final ConcurrentHashMap<Key<?>, Object> values = new ConcurrentHashMap<>();

    @Override
    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(key.cast(values.get(key)));
    }

    @Override
    public <T> Optional<T> put(Key<T> key, T value) {
        return Optional.ofNullable(key.cast(values.put(key, key.cast(Objects.requireNonNull(value, "value")))));
    }

    @Override
    public <T> T computeIfAbsent(Key<T> key, Supplier<? extends T> factory) {
        return key.cast(values.computeIfAbsent(key, k -> Objects.requireNonNull(factory.get(), "factory result")));
    }

    @Override
    public <T> Optional<T> remove(Key<T> key) {
        return Optional.ofNullable(key.cast(values.remove(key)));
    }

    @Override
    public String toString() {
        return "Attributes" + values.keySet();
    }
}
