package dev.carafe.correlation;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The correlation id of one request (or one CLI command or job), and the W3C
 * {@code traceparent} the request came with, if any.
 *
 * <p>A valid id is 1 to {@value #MAX_LENGTH} characters, each a letter or digit of ASCII or one
 * of {@code - _ . : + / =}. That covers UUIDs, W3C trace ids, ULIDs, base64 and the ids of the
 * usual proxies and gateways, and it shuts out what could forge or split a log line or a
 * header: spaces, quotes, control characters (CR and LF), non-ASCII letters, braces, {@code %}.
 * Ids from outside are checked with {@link #isValid}; an invalid one is never used or logged.
 *
 * @param value       the id
 * @param traceParent the {@code traceparent} the request came with, passed on as a child to the services it calls
 */
public record CorrelationId(String value, Optional<TraceParent> traceParent) {
    /** The longest accepted id. */
    public static final int MAX_LENGTH = 128;

    /**
     * Validates the id.
     *
     * @throws IllegalArgumentException when {@code value} is not a valid id (see {@link #isValid})
     */
    public CorrelationId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(traceParent, "traceParent");
        if (!isValid(value)) {
            throw new IllegalArgumentException(problem(value));
        }
    }

    /**
     * Returns the id {@code value}, with no {@code traceparent}.
     *
     * @throws IllegalArgumentException when {@code value} is not a valid id (see {@link #isValid})
     */
    public static CorrelationId of(String value) {
        return new CorrelationId(value, Optional.empty());
    }

    /** Returns a new random id: 32 lower-case hex digits (a random UUID without its dashes). */
    public static CorrelationId generate() {
        return of(newValue());
    }

    /** Returns a new random id value, shaped like a W3C trace id. */
    static String newValue() {
        UUID u = UUID.randomUUID();
        return String.format("%016x%016x", u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    /** Returns whether {@code value} is a valid id: 1 to 128 of {@code A-Z a-z 0-9 - _ . : + / =}. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=';
    }

    /** Describes why {@code value} is invalid, without repeating it (it may be an attack). */
    static String problem(String value) {
        if (value.isEmpty()) {
            return "correlation id must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "correlation id must be at most " + MAX_LENGTH + " characters, was " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                return "correlation id may only contain A-Z a-z 0-9 - _ . : + / =, but character " + (i + 1)
                        + " is U+" + String.format("%04X", (int) value.charAt(i));
            }
        }
        return "correlation id is valid";
    }

    /** Returns the id. */
    @Override
    public String toString() {
        return value;
    }
}
