package dev.carafe;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP header fields: names compared case-insensitively, order and repeats kept.
 *
 * <p>A request's headers are read-only; a response's can be changed. Not thread-safe.
 * Values with CR or LF are rejected, so user input can never split a response.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
    private final ArrayList<String> names;
    private final ArrayList<String> values;
    private boolean readOnly;

    /** Creates an empty, changeable set of headers. */
    public Headers() {
        this.names = new ArrayList<>(8);
        this.values = new ArrayList<>(8);
    }

    private Headers(Headers other) {
        this.names = new ArrayList<>(other.names);
        this.values = new ArrayList<>(other.values);
    }

    /** Returns a changeable copy of these headers. */
    public Headers copy() {
        return new Headers(this);
    }

    /** Makes these headers read-only and returns them; later changes throw. */
    public Headers freeze() {
        readOnly = true;
        return this;
    }

    /** Returns the first value of {@code name}, if any. */
    public Optional<String> get(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? Optional.empty() : Optional.of(values.get(i));
    }

    /** Returns the first value of {@code name}, or {@code defaultValue}. */
    public String get(String name, String defaultValue) {
        int i = indexOf(name, 0);
        return i < 0 ? defaultValue : values.get(i);
    }

    /** Returns every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            out.add(values.get(i));
        }
        return out;
    }

    /** Returns whether {@code name} is present. */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /** Returns the distinct names, in first-seen order, as first spelled. */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Returns the number of fields, counting repeats. */
    public int size() {
        return names.size();
    }

    /** Returns whether there are no fields. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** Adds a field, keeping existing ones of the same name, and returns these headers. */
    public Headers add(String name, String value) {
        checkWritable();
        checkName(name);
        checkValue(name, value);
        names.add(name); // both checked first: a refused field leaves no half behind
        values.add(value);
        return this;
    }

    /** Replaces every field named {@code name} with one field, and returns these headers. */
    public Headers set(String name, String value) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return add(name, value);
        }
        checkWritable();
        values.set(first, checkValue(name, value));
        for (int i = indexOf(name, first + 1); i >= 0; i = indexOf(name, i)) {
            names.remove(i);
            values.remove(i);
        }
        return this;
    }

    /** Removes every field named {@code name}; returns whether any was removed. */
    public boolean remove(String name) {
        checkWritable();
        boolean removed = false;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i)) {
            names.remove(i);
            values.remove(i);
            removed = true;
        }
        return removed;
    }

    /**
     * Adds {@code token} to a comma-separated header such as {@code Vary}, unless already
     * listed (compared case-insensitively), keeping a single field.
     */
    public Headers addToken(String name, String token) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return add(name, token);
        }
        if (indexOf(name, first + 1) < 0 && listsToken(values.get(first), token)) {
            return this; // the usual second call, as for Vary: Cookie
        }
        List<String> fields = all(name);
        // Merge every field of this name: a proxy or a hook may have added Vary twice, and
        // keeping only the first field would drop the others (and poison caches).
        List<String> tokens = new ArrayList<>();
        for (String field : fields) {
            for (String part : field.split(",")) {
                String t = part.trim();
                if (!t.isEmpty() && tokens.stream().noneMatch(t::equalsIgnoreCase)) {
                    tokens.add(t);
                }
            }
        }
        boolean present = tokens.stream().anyMatch(token::equalsIgnoreCase);
        if (present && fields.size() <= 1) {
            return this;
        }
        if (!present) {
            tokens.add(token);
        }
        return set(name, String.join(", ", tokens));
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < names.size();
            }

            @Override
            public Map.Entry<String, String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                SimpleImmutableEntry<String, String> e = new SimpleImmutableEntry<>(names.get(i), values.get(i));
                i++;
                return e;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(": ").append(values.get(i));
        }
        return sb.append(']').toString();
    }

    /** Whether the comma-separated {@code field} lists {@code token}, compared case-insensitively. */
    private static boolean listsToken(String field, String token) {
        int from = 0;
        while (true) {
            int comma = field.indexOf(',', from);
            int start = from;
            int end = comma < 0 ? field.length() : comma;
            while (start < end && field.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && field.charAt(end - 1) <= ' ') {
                end--;
            }
            if (end - start == token.length() && field.regionMatches(true, start, token, 0, end - start)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            from = comma + 1;
        }
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new UnsupportedOperationException("these headers are read-only (request headers cannot be changed)");
        }
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':') {
                throw new IllegalArgumentException("header name must be a token, was \"" + name + "\"");
            }
        }
        return name;
    }

    private static String checkValue(String name, String value) {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("header " + name + " must not contain CR, LF or NUL");
            }
        }
        return value;
    }
}
