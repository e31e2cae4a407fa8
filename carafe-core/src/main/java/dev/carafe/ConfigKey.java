package dev.carafe;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A typed configuration key, such as {@link Config#SECRET_KEY}: its Flask-style name, type,
 * default and how to parse it from text (properties files and environment variables).
 *
 * @param name         the upper-case name, e.g. {@code SECRET_KEY}
 * @param type         the value type
 * @param defaultValue the value when not configured, if any
 * @param parser       turns configured text into a value; throws {@link IllegalArgumentException} on bad text
 * @param <T>          the value type
 */
public record ConfigKey<T>(String name, Class<T> type, Optional<T> defaultValue, Function<String, T> parser) {

    /** Validates the name. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(parser, "parser");
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("config key name must be UPPER_SNAKE_CASE, was \"" + name + "\"");
        }
    }

    /** Returns a text key. */
    public static ConfigKey<String> string(String name, String defaultValue) {
        return new ConfigKey<>(name, String.class, Optional.ofNullable(defaultValue), s -> s);
    }

    /** Returns a boolean key; text {@code true/false/1/0/yes/no/on/off}. */
    public static ConfigKey<Boolean> bool(String name, Boolean defaultValue) {
        return new ConfigKey<>(name, Boolean.class, Optional.ofNullable(defaultValue), ConfigKey::parseBool);
    }

    /** Returns an integer key. */
    public static ConfigKey<Integer> integer(String name, Integer defaultValue) {
        return new ConfigKey<>(name, Integer.class, Optional.ofNullable(defaultValue), ConfigKey::parseInt);
    }

    /** Returns a long key; text may end in {@code KB}, {@code MB} or {@code GB} (powers of 1024). */
    public static ConfigKey<Long> size(String name, Long defaultValue) {
        return new ConfigKey<>(name, Long.class, Optional.ofNullable(defaultValue), ConfigKey::parseSize);
    }

    /** Returns a duration key; text is seconds ({@code 2678400}) or ISO-8601 ({@code P31D}, {@code PT30S}). */
    public static ConfigKey<Duration> duration(String name, Duration defaultValue) {
        return new ConfigKey<>(name, Duration.class, Optional.ofNullable(defaultValue), ConfigKey::parseDuration);
    }

    /** Returns a list-of-text key; text is comma-separated. */
    @SuppressWarnings("unchecked")
    public static ConfigKey<List<String>> list(String name) {
        Class<List<String>> type = (Class<List<String>>) (Class<?>) List.class;
        return new ConfigKey<>(name, type, Optional.of(List.of()),
                s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
    }

    /** Returns what went wrong when {@code key}'s parser threw {@code failure}, for an error message. */
    static String problem(ConfigKey<?> key, RuntimeException failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? "expected a " + key.type().getSimpleName() + " (" + failure + ")" : message;
    }

    static Boolean parseBool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off", "" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number", e);
        }
    }

    static Long parseSize(String s) {
        try {
            long size = parseSizeUnchecked(s);
            if (size < 0) {
                throw new IllegalArgumentException("a size cannot be negative");
            }
            return size;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("expected a size in bytes, such as 1048576, 512KB or 16MB", e);
        }
    }

    private static long parseSizeUnchecked(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("KB")) {
            factor = 1024;
        } else if (t.endsWith("MB")) {
            factor = 1024 * 1024;
        } else if (t.endsWith("GB")) {
            factor = 1024L * 1024 * 1024;
        }
        if (factor != 1) {
            t = t.substring(0, t.length() - 2).trim();
        }
        return Math.multiplyExact(Long.parseLong(t), factor);
    }

    static Duration parseDuration(String s) {
        String t = s.trim();
        try {
            return t.startsWith("P") || t.startsWith("p") ? Duration.parse(t) : Duration.ofSeconds(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration in seconds, such as 2678400, or in ISO-8601,"
                    + " such as P31D or PT30S", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
