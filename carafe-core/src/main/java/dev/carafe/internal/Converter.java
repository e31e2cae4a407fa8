package dev.carafe.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A path-parameter type of a rule, Werkzeug's converters: how a part of the URL matches, which
 * value the handler gets, and how {@code urlFor} writes a value back.
 *
 * <table>
 *   <caption>Converters</caption>
 *   <tr><th>name</th><th>matches</th><th>value</th></tr>
 *   <tr><td>{@code string} (default)</td><td>one or more characters except {@code /}</td><td>{@code String}</td></tr>
 *   <tr><td>{@code int}</td><td>ASCII digits, no sign, 0 to 2147483647</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@code float}</td><td>digits, a dot, digits ({@code 1.5}, no sign, no exponent)</td><td>{@code Double}</td></tr>
 *   <tr><td>{@code uuid}</td><td>8-4-4-4-12 hex digits, any case</td><td>{@code java.util.UUID}</td></tr>
 *   <tr><td>{@code path}</td><td>like string, but slashes too</td><td>{@code String}</td></tr>
 * </table>
 *
 * <p>{@code int} gives an {@code Integer} because Java handlers read it as one; digits beyond
 * {@link Integer#MAX_VALUE} do not match, so the request is a 404 rather than a wrapped number.
 * The weights order dynamic alternatives as Werkzeug does: numbers and UUIDs before strings,
 * paths last.
 */
enum Converter {
    STRING("string", "[^/]+", 100, true) {
        @Override
        Object toValue(String raw) {
            return raw.isEmpty() || raw.indexOf('/') >= 0 ? null : raw;
        }

        @Override
        String toUrl(Object value) {
            String s = value.toString();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            if (s.indexOf('/') >= 0) {
                // Werkzeug writes the slash and builds a URL that never routes back; fail instead.
                throw new IllegalArgumentException("contains '/', which a <string> parameter cannot match (was \""
                        + s + "\"); declare it as <path:...> to allow slashes");
            }
            return UrlCodec.encodePathSegment(s);
        }
    },
    INT("int", "[0-9]+", 50, true) {
        @Override
        Object toValue(String raw) {
            int n = raw.length();
            if (n == 0 || n > 10) {
                return null;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                char c = raw.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            return v > Integer.MAX_VALUE ? null : Integer.valueOf((int) v);
        }

        @Override
        String toUrl(Object value) {
            BigInteger v = switch (value) {
                case Integer i -> BigInteger.valueOf(i);
                case Long l -> BigInteger.valueOf(l);
                case Short s -> BigInteger.valueOf(s);
                case Byte b -> BigInteger.valueOf(b);
                case BigInteger b -> b;
                case CharSequence cs when toValue(cs.toString()) != null -> BigInteger.valueOf((Integer) toValue(cs.toString()));
                default -> null;
            };
            if (v == null || v.signum() < 0 || v.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("must be a whole number from 0 to 2147483647 for an <int> parameter, was "
                        + describe(value));
            }
            return v.toString();
        }
    },
    FLOAT("float", "[0-9]+\\.[0-9]+", 50, true) {
        @Override
        Object toValue(String raw) {
            int dot = raw.indexOf('.');
            if (dot <= 0 || dot == raw.length() - 1 || !digits(raw, 0, dot) || !digits(raw, dot + 1, raw.length())) {
                return null;
            }
            double d = Double.parseDouble(raw);
            return Double.isInfinite(d) ? null : Double.valueOf(d);
        }

        @Override
        String toUrl(Object value) {
            BigDecimal v = switch (value) {
                case Double d when Double.isFinite(d) -> new BigDecimal(d.toString());
                case Float f when Float.isFinite(f) -> new BigDecimal(f.toString());
                case BigDecimal b -> b;
                case Integer i -> BigDecimal.valueOf(i);
                case Long l -> BigDecimal.valueOf(l);
                case CharSequence cs when toValue(cs.toString()) != null -> new BigDecimal(cs.toString());
                default -> null;
            };
            if (v == null || v.signum() < 0) {
                throw new IllegalArgumentException("must be a finite number of at least 0 for a <float> parameter, was "
                        + describe(value));
            }
            String s = v.toPlainString();
            return s.indexOf('.') < 0 ? s + ".0" : s;
        }
    },
    UUID("uuid", "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", 50, true) {
        @Override
        Object toValue(String raw) {
            if (raw.length() != 36) {
                return null;
            }
            for (int i = 0; i < 36; i++) {
                char c = raw.charAt(i);
                boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                    return null;
                }
            }
            return java.util.UUID.fromString(raw);
        }

        @Override
        String toUrl(Object value) {
            if (value instanceof java.util.UUID u) {
                return u.toString();
            }
            Object parsed = value instanceof CharSequence cs ? toValue(cs.toString()) : null;
            if (parsed == null) {
                throw new IllegalArgumentException("must be a java.util.UUID or its 36-character text for a <uuid>"
                        + " parameter, was " + describe(value));
            }
            return parsed.toString();
        }
    },
    PATH("path", "[^/].*?", 200, false) {
        @Override
        Object toValue(String raw) {
            return raw.isEmpty() || raw.charAt(0) == '/' ? null : raw;
        }

        @Override
        String toUrl(Object value) {
            String s = value.toString();
            if (s.isEmpty() || s.charAt(0) == '/') {
                throw new IllegalArgumentException("must be non-empty and not start with '/' for a <path> parameter,"
                        + " was \"" + s + "\"");
            }
            return UrlCodec.encodePath(s);
        }
    };

    private final String text;
    private final String regex;
    private final int weight;
    private final boolean isolating;

    Converter(String text, String regex, int weight, boolean isolating) {
        this.text = text;
        this.regex = regex;
        this.weight = weight;
        this.isolating = isolating;
    }

    /** Returns the converted value of a matched part, or null when {@code raw} does not match. */
    abstract Object toValue(String raw);

    /**
     * Returns {@code value} written for a URL path, percent-encoded.
     *
     * @throws IllegalArgumentException with the reason (a lowercase fragment) when the value cannot be written
     */
    abstract String toUrl(Object value);

    /** Returns the name used in rules, e.g. {@code int}. */
    String text() {
        return text;
    }

    /** Returns the regular expression of one match, used when a part mixes text and parameters. */
    String regex() {
        return regex;
    }

    /** Returns the ordering weight: lower is tried first. */
    int weight() {
        return weight;
    }

    /** Returns whether a match stays within one path segment (all but {@code path}). */
    boolean isolating() {
        return isolating;
    }

    /** Returns the converter named {@code name} in a rule, or null. */
    static Converter named(String name) {
        for (Converter c : values()) {
            if (c.text.equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String describe(Object value) {
        return value instanceof CharSequence ? "\"" + value + "\"" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
