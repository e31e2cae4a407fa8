package dev.carafe;

import java.util.Objects;

/**
 * A typed name for a value in {@code g}, the session, an app's extensions or a context's
 * attributes: a typed replacement for Flask's string attribute names.
 *
 * <p>Two keys are equal when their names and types are equal. Declare keys as constants:
 * {@code static final Key<Connection> DB = Key.of("db", Connection.class);}
 *
 * @param name the name, unique among the keys of one store
 * @param type the value type; values are checked against it when stored
 * @param <T>  the value type
 */
public record Key<T>(String name, Class<T> type) {

    /** Validates the name and type. */
    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("key name must not be blank");
        }
    }

    /** Returns a key with this name and type. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    /** Returns {@code value} as {@code T}, failing with a message naming this key when it is not one. */
    public T cast(Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("value for key '" + name + "' must be a " + type.getName()
                    + ", was a " + value.getClass().getName());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name + ":" + type.getSimpleName();
    }
}
