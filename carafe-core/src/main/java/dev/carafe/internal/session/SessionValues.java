package dev.carafe.internal.session;

import dev.carafe.Key;
import dev.carafe.Markup;
import dev.carafe.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Converts a session value to the type of a {@link Key}, where JSON loses the Java type: a
 * number read back as {@code Long} for an {@code Integer} key, a date-time read back as an
 * {@code Instant} for an {@code OffsetDateTime} key. Usable by any {@code Session}.
 */
public final class SessionValues {
    private SessionValues() {}

    /**
     * Returns {@code value} as {@code key.type()}.
     *
     * @throws ClassCastException naming the key when the value is of another kind, or a number
     *                            does not fit the key's type exactly
     */
    public static <T> T convert(Key<T> key, Object value) {
        Class<T> type = key.type();
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        Object converted = switch (value) {
            case Number n -> number(n, type);
            case Instant i when type == OffsetDateTime.class -> i.atOffset(ZoneOffset.UTC);
            case Instant i when type == ZonedDateTime.class -> i.atZone(ZoneOffset.UTC);
            case Instant i when type == LocalDateTime.class -> LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            case Tuple t when type == List.class -> t.items();
            case List<?> l when type == Tuple.class -> new Tuple(List.copyOf(l));
            case Markup m when type == String.class -> m.html();
            default -> null;
        };
        if (converted == null) {
            throw mismatch(key, value);
        }
        return type.cast(converted);
    }

    private static Object number(Number n, Class<?> type) {
        try {
            BigDecimal exact = n instanceof Double || n instanceof Float ? new BigDecimal(n.doubleValue())
                    : new BigDecimal(n.toString());
            if (type == Integer.class) {
                return exact.intValueExact();
            } else if (type == Long.class) {
                return exact.longValueExact();
            } else if (type == Short.class) {
                return exact.shortValueExact();
            } else if (type == Byte.class) {
                return exact.byteValueExact();
            } else if (type == BigInteger.class) {
                return exact.toBigIntegerExact();
            } else if (type == Double.class) {
                return n.doubleValue();
            } else if (type == Float.class) {
                return n.floatValue();
            } else if (type == BigDecimal.class) {
                return exact;
            }
            return null;
        } catch (ArithmeticException | NumberFormatException e) {
            // a fraction for an integer key, a number out of range, or NaN and infinities
            return null;
        }
    }

    private static ClassCastException mismatch(Key<?> key, Object value) {
        return new ClassCastException("session value '" + key.name() + "' is a " + value.getClass().getName()
                + ", which cannot be read as a " + key.type().getName());
    }
}
