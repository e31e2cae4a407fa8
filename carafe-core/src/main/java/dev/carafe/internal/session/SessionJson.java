package dev.carafe.internal.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.carafe.Cookie;
import dev.carafe.Markup;
import dev.carafe.Tuple;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Flask's {@code TaggedJSONSerializer}: session values to JSON text and back, with the tags
 * that keep tuples, bytes, markup, UUIDs and date-times apart from plain JSON.
 *
 * <p>Writing produces exactly the bytes Flask's {@code session_json_serializer.dumps} produces
 * inside an app context (sorted keys, ASCII escapes, compact separators, Python number
 * formatting; see {@link PythonJson}). Reading parses with Jackson and untags bottom-up, as
 * Flask does. Java types map to Flask's tags as follows:
 * <ul>
 * <li>{@link Tuple} ↔ {@code " t"} (Python tuple); {@code byte[]} ↔ {@code " b"} (standard
 *     base64 with padding); {@link Markup} ↔ {@code " m"}; {@link UUID} ↔ {@code " u"} (32 hex
 *     digits);</li>
 * <li>{@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime} and {@link LocalDateTime}
 *     (taken as UTC) → {@code " d"}, an HTTP date to the second, read back as an
 *     {@code Instant};</li>
 * <li>a one-entry map whose key is a tag → {@code " di"}, so user data never passes for a tag;</li>
 * <li>untagged, as Flask's JSON provider does: {@link LocalDate} → HTTP-date string,
 *     {@link BigDecimal} → string.</li>
 * </ul>
 * Integers read back as {@code Long} (or {@code BigInteger} when larger), fractions as
 * {@code Double}, objects as mutable {@code LinkedHashMap}s and arrays as {@code ArrayList}s.
 */
public final class SessionJson {
    private static final Set<String> TAGS = Set.of(" di", " t", " b", " m", " u", " d");
    /**
     * The parser factory for platform threads (a servlet container's pool, the CLI, tests), where
     * Jackson's default of buffers kept per thread reuses them.
     */
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python writes NaN and Infinity bare
            .build();
    /**
     * The parser factory for virtual threads, whose buffers are made per parse: a request on
     * carafe-jetty runs on a new virtual thread, where a per-thread pool reuses nothing and only
     * adds a thread-local; a shared pool cost more than it saved (async-profiler on /full).
     */
    private static final JsonFactory VIRTUAL_THREAD_FACTORY = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    private SessionJson() {}

    /**
     * Returns the JSON text Flask would write for {@code session}.
     *
     * @throws IllegalArgumentException for a value JSON and Flask's tags cannot carry, naming
     *                                  where it sits ({@code cart[2]})
     */
    public static String dumps(Map<String, ?> session) {
        StringBuilder out = new StringBuilder(64);
        write(out, session);
        return out.toString();
    }

    /**
     * Checks that {@code value} can be stored in a session.
     *
     * @throws IllegalArgumentException when it cannot, naming the culprit
     */
    public static void check(String key, Object value) {
        try {
            write(new StringBuilder(), value);
        } catch (Unsupported e) {
            throw e.at(key);
        }
    }

    /**
     * Parses and untags session JSON.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a tag is malformed
     */
    public static Map<String, Object> parse(byte[] json) {
        try {
            return loads(json);
        } catch (BadCookie e) {
            throw new IllegalArgumentException("not session JSON: " + e.getMessage());
        }
    }

    /**
     * Parses and untags session JSON.
     *
     * @throws BadCookie when the text is not JSON, not an object, or a tag is malformed
     */
    static LinkedHashMap<String, Object> loads(byte[] json) throws BadCookie {
        JsonFactory factory = Thread.currentThread().isVirtual() ? VIRTUAL_THREAD_FACTORY : FACTORY;
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new BadCookie("the payload is not a JSON object");
            }
            Object value = read(p, t);
            if (p.nextToken() != null) {
                throw new BadCookie("the payload has data after the JSON object");
            }
            if (!(value instanceof LinkedHashMap<?, ?>)) {
                // every object read is a LinkedHashMap; anything else came from a tag
                throw new BadCookie("the payload is a tagged value, not a JSON object");
            }
            @SuppressWarnings("unchecked")
            LinkedHashMap<String, Object> map = (LinkedHashMap<String, Object>) value;
            return map;
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new BadCookie("the payload is not valid JSON: " + why);
        }
    }

    // ---- writing ----------------------------------------------------------------------------

    private static void write(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> PythonJson.string(out, s);
            case Boolean b -> out.append(b ? "true" : "false");
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger b -> out.append(b);
            case Double d -> out.append(PythonJson.floatRepr(d));
            case Float f -> out.append(PythonJson.floatRepr(f.doubleValue()));
            case Map<?, ?> m -> writeMap(out, m);
            case Tuple t -> {
                out.append("{\" t\":");
                writeList(out, t.items());
                out.append('}');
            }
            case List<?> l -> writeList(out, l);
            case byte[] b -> tagged(out, " b", Base64.getEncoder().encodeToString(b));
            case Markup m -> tagged(out, " m", m.html());
            case UUID u -> tagged(out, " u", u.toString().replace("-", ""));
            case Instant i -> tagged(out, " d", httpDate(i));
            case OffsetDateTime d -> tagged(out, " d", httpDate(d.toInstant()));
            case ZonedDateTime d -> tagged(out, " d", httpDate(d.toInstant()));
            case LocalDateTime d -> tagged(out, " d", httpDate(d.toInstant(ZoneOffset.UTC)));
            case LocalDate d -> PythonJson.string(out, httpDate(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
            case BigDecimal d -> PythonJson.string(out, d.toString());
            default -> throw new Unsupported(v);
        }
    }

    private static void tagged(StringBuilder out, String tag, String text) {
        out.append("{\"").append(tag).append("\":");
        PythonJson.string(out, text);
        out.append('}');
    }

    private static void writeMap(StringBuilder out, Map<?, ?> m) {
        List<String> keys = new ArrayList<>(m.size());
        for (Object k : m.keySet()) {
            if (!(k instanceof String s)) {
                throw new Unsupported("a map key must be a string, was " + describe(k));
            }
            keys.add(s);
        }
        if (keys.size() == 1 && TAGS.contains(keys.getFirst())) {
            // A user map that looks like a tag is escaped, as Flask's TagDict does.
            String k = keys.getFirst();
            out.append("{\" di\":{");
            PythonJson.string(out, k + "__");
            out.append(':');
            writeAt(out, k, m.get(k));
            out.append("}}");
            return;
        }
        keys.sort(PythonJson.KEY_ORDER);
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            if (i > 0) {
                out.append(',');
            }
            PythonJson.string(out, k);
            out.append(':');
            writeAt(out, k, m.get(k));
        }
        out.append('}');
    }

    private static void writeAt(StringBuilder out, String key, Object value) {
        try {
            write(out, value);
        } catch (Unsupported e) {
            throw e.at(key);
        }
    }

    private static void writeList(StringBuilder out, List<?> l) {
        out.append('[');
        int i = 0;
        for (Object item : l) {
            if (i > 0) {
                out.append(',');
            }
            try {
                write(out, item);
            } catch (Unsupported e) {
                throw e.at("[" + i + "]");
            }
            i++;
        }
        out.append(']');
    }

    private static boolean writable(Instant i) {
        return !i.isBefore(MIN) && !i.isAfter(MAX.plusSeconds(1));
    }

    private static String httpDate(Instant i) {
        if (!writable(i)) {
            throw new Unsupported("a date-time must be within the years 1 to 9999 (Python's range), was " + i);
        }
        return Cookie.httpDate(i.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String describe(Object v) {
        return v == null ? "null" : "a " + v.getClass().getName();
    }

    /** A value the session cannot store; collects the path to it ({@code cart.items[2]}) while unwinding. */
    private static final class Unsupported extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String problem;
        private final ArrayList<String> path = new ArrayList<>(4);

        Unsupported(Object value) {
            this("cannot store " + describe(value) + "; session values must be strings, numbers, booleans,"
                    + " null, lists, maps with string keys, Tuple, byte[], UUID, Markup or date-times");
        }

        Unsupported(String problem) {
            super(problem);
            this.problem = problem;
        }

        Unsupported at(String segment) {
            path.addFirst(segment);
            return this;
        }

        @Override
        public String getMessage() {
            StringBuilder sb = new StringBuilder();
            for (String segment : path) {
                sb.append(sb.isEmpty() || segment.startsWith("[") ? "" : ".").append(segment);
            }
            return sb.isEmpty() ? problem : "session value '" + sb + "': " + problem;
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    private static Object read(JsonParser p, JsonToken t) throws IOException, BadCookie {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, read(p, p.nextToken()));
                }
                yield untag(m);
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    l.add(read(p, n));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new BadCookie("unexpected JSON token " + t);
        };
    }

    /** Converts a one-key object whose key is a tag, as Flask's {@code untag} does. */
    private static Object untag(Map<String, Object> m) throws BadCookie {
        if (m.size() != 1) {
            return m;
        }
        Map.Entry<String, Object> e = m.entrySet().iterator().next();
        String tag = e.getKey();
        Object v = e.getValue();
        return switch (tag) {
            case " di" -> {
                if (!(v instanceof Map<?, ?> inner) || inner.size() != 1
                        || !(inner.keySet().iterator().next() instanceof String k) || k.length() < 2) {
                    throw new BadCookie("malformed \" di\" tag");
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(k.substring(0, k.length() - 2), inner.get(k));
                yield out;
            }
            case " t" -> {
                if (!(v instanceof List<?> items)) {
                    throw new BadCookie("malformed \" t\" tag");
                }
                yield new Tuple(new ArrayList<>(items));
            }
            case " b" -> {
                try {
                    yield Base64.getDecoder().decode(text(tag, v));
                } catch (IllegalArgumentException ex) {
                    throw new BadCookie("malformed \" b\" tag: " + ex.getMessage());
                }
            }
            case " m" -> Markup.of(text(tag, v));
            case " u" -> uuid(text(tag, v));
            case " d" -> {
                Instant at;
                try {
                    at = ZonedDateTime.parse(text(tag, v).strip(), RFC_1123).toInstant();
                } catch (DateTimeException ex) {
                    // Werkzeug's parse_date gives None for a date it cannot read; so does this.
                    yield null;
                }
                // Year 0, or past 9999 by its offset: never written by Flask or Carafe, and a value
                // that could not be written back (nor snapshot for changes). Read as an unreadable
                // date, so the rest of the session is kept.
                yield writable(at) ? at : null;
            }
            default -> m;
        };
    }

    private static String text(String tag, Object v) throws BadCookie {
        if (!(v instanceof String s)) {
            throw new BadCookie("malformed \"" + tag + "\" tag: not a string");
        }
        return s;
    }

    /** Parses a UUID the way Python's {@code UUID(hex)} does: dashes, braces and {@code urn:uuid:} allowed. */
    private static UUID uuid(String s) throws BadCookie {
        String hex = s.replace("urn:", "").replace("uuid:", "");
        int from = 0;
        int to = hex.length();
        while (from < to && (hex.charAt(from) == '{' || hex.charAt(from) == '}')) {
            from++;
        }
        while (to > from && (hex.charAt(to - 1) == '{' || hex.charAt(to - 1) == '}')) {
            to--;
        }
        hex = hex.substring(from, to).replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new BadCookie("malformed \" u\" tag");
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
