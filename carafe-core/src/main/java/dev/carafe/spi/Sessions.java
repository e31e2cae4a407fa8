package dev.carafe.spi;

import dev.carafe.Session;
import dev.carafe.internal.session.CookieSession;
import dev.carafe.internal.session.SessionJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Building blocks for a {@link SessionInterface} that keeps sessions somewhere other than the
 * cookie (a database, a cache): sessions with Flask's change tracking, and Flask's session JSON.
 *
 * <p>The sessions made here are the ones the default cookie session uses: every change marks
 * them modified, including a change made inside a nested list or map, and
 * {@link Session#get(dev.carafe.Key)} converts JSON types. The JSON is exactly what Flask's
 * session serializer writes, so a store shared with a Flask service can hold it.
 */
public final class Sessions {
    private Sessions() {}

    /** Returns a new, empty session. */
    public static Session create() {
        return CookieSession.empty();
    }

    /**
     * Returns a session holding {@code values} as read from a store; it is not modified.
     *
     * @throws IllegalArgumentException when a value is one a session cannot store
     */
    public static Session of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            SessionJson.check(Objects.requireNonNull(k, "key"), v);
            copy.put(k, v);
        });
        return CookieSession.loaded(copy);
    }

    /**
     * Returns {@code values} as Flask's session JSON: tagged types, sorted keys, ASCII only.
     *
     * @throws IllegalArgumentException when a value is one a session cannot store, naming it
     */
    public static String toJson(Map<String, ?> values) {
        return SessionJson.dumps(values);
    }

    /**
     * Parses session JSON written by {@link #toJson} or by Flask, untagging its values.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a tag is malformed
     */
    public static Map<String, Object> fromJson(String json) {
        return SessionJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
