package dev.carafe;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * The fields in order, each as its name then its value: one array rather than two lists, as
     * every request and response builds a set (two lists were two growths and two bounds checks
     * per field).
     */
    private String[] fields;
    /** The number of fields (half the strings used). */
    private int size;
    private boolean readOnly;

    /** Creates an empty, changeable set of headers. */
    public Headers() {
        this.fields = new String[16];
    }

    private Headers(Headers other) {
        this.fields = other.fields.clone();
        this.size = other.size;
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
        return i < 0 ? Optional.empty() : Optional.of(value(i));
    }

    /** Returns the first value of {@code name}, or {@code defaultValue}. */
    public String get(String name, String defaultValue) {
        int i = indexOf(name, 0);
        return i < 0 ? defaultValue : value(i);
    }

    /** Returns every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            out.add(value(i));
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
        for (int i = 0; i < size; i++) {
            String n = name(i);
            if (seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Returns the number of fields, counting repeats. */
    public int size() {
        return size;
    }

    /** Returns whether there are no fields. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Adds a field, keeping existing ones of the same name, and returns these headers. */
    public Headers add(String name, String value) {
        checkWritable();
        checkName(name);
        checkValue(name, value);
        if (2 * size == fields.length) {
            fields = Arrays.copyOf(fields, 2 * fields.length);
        }
        fields[2 * size] = name; // both checked first: a refused field leaves no half behind
        fields[2 * size + 1] = value;
        size++;
        return this;
    }

    /** Replaces every field named {@code name} with one field, and returns these headers. */
    public Headers set(String name, String value) {
        int first = indexOf(name, 0);
        if (first < 0) {
            return add(name, value);
        }
        checkWritable();
        fields[2 * first + 1] = checkValue(name, value);
        for (int i = indexOf(name, first + 1); i >= 0; i = indexOf(name, i)) {
            removeAt(i);
        }
        return this;
    }

    /** Removes every field named {@code name}; returns whether any was removed. */
    public boolean remove(String name) {
        checkWritable();
        boolean removed = false;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i)) {
            removeAt(i);
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
        if (!token.isEmpty() && indexOf(name, first + 1) < 0 && listsToken(value(first), token)) {
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
                return i < size;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                SimpleImmutableEntry<String, String> e = new SimpleImmutableEntry<>(name(i), value(i));
                i++;
                return e;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(name(i)).append(": ").append(value(i));
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

    private String name(int i) {
        return fields[2 * i];
    }

    private String value(int i) {
        return fields[2 * i + 1];
    }

    private void removeAt(int i) {
        System.arraycopy(fields, 2 * i + 2, fields, 2 * i, 2 * (size - i - 1));
        size--;
        fields[2 * size] = null;
        fields[2 * size + 1] = null;
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
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
        // Three indexOf scans, which the JIT turns into vector code, not one loop of three tests:
        // every field of every request and response passes here.
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf(0) >= 0) {
            throw new IllegalArgumentException("header " + name + " must not contain CR, LF or NUL");
        }
        return value;
    }
}
