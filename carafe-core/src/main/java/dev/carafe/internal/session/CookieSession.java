package dev.carafe.internal.session;

import dev.carafe.Key;
import dev.carafe.Markup;
import dev.carafe.Session;
import dev.carafe.Tuple;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A session whose values travel in a cookie: Flask's {@code SecureCookieSession}.
 *
 * <p>Every change through this object marks it modified, as in Flask ({@link #remove} and
 * {@link #clear} too, even when there was nothing to remove, so that a logout always deletes
 * the cookie). Unlike Flask, a change made in place inside a value that was loaded from the
 * cookie ({@code ((List) session.get("cart").get()).add(item)}) is detected as well: once a
 * loaded container (a map, a list, a tuple or a byte array) can have been handed out, the
 * values' serialized form is kept, and {@link #modified()} compares it with the current one.
 * The comparison is exact (it is the bytes that would be signed), costs one serialization of a
 * cookie-sized map, and only runs when nothing else marked the session modified; wrapping every
 * nested container instead would miss changes to byte arrays and to lists the application
 * replaced by its own.
 *
 * <p>A session {@linkplain #decoded decoded} from a cookie owns its values, so nothing can
 * change them in place before one is handed out: its snapshot is taken then, on the first
 * {@code get} of a container or the first {@link #asMap()}, not when the cookie is read (most
 * requests only read scalars, or change the session anyway, and never need it). A session
 * {@linkplain #loaded loaded} from values the caller may still hold takes it at once.
 *
 * <p>{@link #accessed()} reflects calls on this object; in a request the context also counts
 * every access made through {@code Globals.session()}. Not thread-safe.
 */
public final class CookieSession implements Session {
    static final String PERMANENT = "_permanent";

    private final Map<String, Object> data;
    /** The values' JSON, to detect changes in place; null while none can have happened. */
    private String loadedForm;
    /** Whether {@link #loadedForm} is still to be taken when a container is first handed out. */
    private boolean snapshotPending;
    private boolean modified;
    private boolean accessed;

    private CookieSession(Map<String, Object> data, String loadedForm, boolean snapshotPending) {
        this.data = data;
        this.loadedForm = loadedForm;
        this.snapshotPending = snapshotPending;
    }

    /** Returns a new, empty session. */
    public static CookieSession empty() {
        return new CookieSession(new LinkedHashMap<>(), null, false);
    }

    /** Returns a session holding {@code values} as loaded from a cookie or a store; not modified. */
    public static CookieSession loaded(Map<String, Object> values) {
        Map<String, Object> data = new LinkedHashMap<>(values);
        return new CookieSession(data, anyCanChangeInPlace(data) ? SessionJson.dumps(data) : null, false);
    }

    /**
     * Returns a session holding {@code values} as just decoded from a cookie; not modified. The
     * session takes ownership of the map (a mutable one that no one else holds), so its
     * snapshot for detecting changes in place waits until a value is handed out.
     */
    static CookieSession decoded(LinkedHashMap<String, Object> values) {
        return new CookieSession(values, null, true);
    }

    private static boolean anyCanChangeInPlace(Map<String, Object> data) {
        for (Object v : data.values()) {
            if (canChangeInPlace(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean canChangeInPlace(Object v) {
        return !(v == null || v instanceof String || v instanceof Boolean || v instanceof Long
                || v instanceof Integer || v instanceof Double || v instanceof BigInteger || v instanceof Markup
                || v instanceof UUID || v instanceof java.time.Instant
                || v instanceof Tuple t && noneCanChangeInPlace(t.items()));
    }

    private static boolean noneCanChangeInPlace(Iterable<Object> items) {
        for (Object item : items) {
            if (canChangeInPlace(item)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code v}, about to be handed out; first takes the snapshot if {@code v} could be
     * changed in place and no snapshot was taken yet (a modified session never needs one).
     */
    private Object handOut(Object v) {
        if (snapshotPending && canChangeInPlace(v)) {
            takeSnapshot();
        }
        return v;
    }

    private void takeSnapshot() {
        snapshotPending = false;
        if (!modified) {
            // Cannot fail: SessionJson.loads refuses what it could not write back (a year-0 date).
            loadedForm = SessionJson.dumps(data);
        }
    }

    @Override
    public Optional<Object> get(String key) {
        accessed = true;
        return Optional.ofNullable(handOut(data.get(key)));
    }

    @Override
    public <T> Optional<T> get(Key<T> key) {
        accessed = true;
        return Optional.ofNullable(SessionValues.convert(key, handOut(data.get(key.name()))));
    }

    @Override
    public void put(String key, Object value) {
        Objects.requireNonNull(key, "key");
        SessionJson.check(key, value);
        accessed = true;
        modified = true;
        data.put(key, value);
    }

    @Override
    public Optional<Object> remove(String key) {
        accessed = true;
        modified = true;
        return Optional.ofNullable(data.remove(key));
    }

    @Override
    public void clear() {
        accessed = true;
        modified = true;
        data.clear();
    }

    @Override
    public boolean contains(String key) {
        accessed = true;
        return data.containsKey(key);
    }

    @Override
    public Set<String> keys() {
        accessed = true;
        return Collections.unmodifiableSet(data.keySet());
    }

    @Override
    public int size() {
        accessed = true;
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    public Map<String, Object> asMap() {
        if (snapshotPending && anyCanChangeInPlace(data)) {
            takeSnapshot();
        }
        return Collections.unmodifiableMap(data);
    }

    @Override
    public boolean permanent() {
        return Boolean.TRUE.equals(data.get(PERMANENT));
    }

    @Override
    public void permanent(boolean permanent) {
        put(PERMANENT, permanent);
    }

    @Override
    public boolean modified() {
        if (modified || loadedForm == null) {
            return modified;
        }
        try {
            return !loadedForm.equals(SessionJson.dumps(data));
        } catch (IllegalArgumentException e) {
            // The loaded values serialized; now they do not, so something was put inside them.
            return true;
        }
    }

    @Override
    public void markModified() {
        modified = true;
    }

    @Override
    public boolean accessed() {
        return accessed;
    }

    @Override
    public String toString() {
        return "<CookieSession " + data + ">";
    }
}
