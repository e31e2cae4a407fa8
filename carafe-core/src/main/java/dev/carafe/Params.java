package dev.carafe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Query arguments or form fields: Werkzeug's {@code MultiDict}, read-only.
 *
 * <p>A name may have several values, in the order they were sent.
 */
public final class Params {
    private static final Params EMPTY = new Params(Map.of());
    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Returns params holding a copy of {@code values} (order kept). */
    public static Params of(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new Params(Collections.unmodifiableMap(copy));
    }

    /** Returns empty params. */
    public static Params empty() {
        return EMPTY;
    }

    /** Returns the first value of {@code name}, if any. */
    public Optional<String> get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** Returns the first value of {@code name}, or {@code defaultValue}. */
    public String get(String name, String defaultValue) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? defaultValue : v.getFirst();
    }

    /**
     * Returns the first value of {@code name} converted by {@code type}, like Werkzeug's
     * {@code get(name, type=int)}: empty when absent or when the conversion throws.
     */
    public <T> Optional<T> get(String name, Function<String, T> type) {
        Optional<String> raw = get(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(type.apply(raw.get()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Returns every value of {@code name}; empty when absent. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** Returns whether {@code name} was sent. */
    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** Returns the names, in the order first sent. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Returns whether no parameter was sent. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Returns all values as an unmodifiable map. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
