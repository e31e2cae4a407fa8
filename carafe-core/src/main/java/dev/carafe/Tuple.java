package dev.carafe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable sequence of values that a Flask service sees as a Python {@code tuple}.
 *
 * <p>JSON has no tuples, so Flask's session serializer tags them ({@code {" t": [...]}}) and
 * loads them back as tuples; a list would come back as a Python {@code list}. Carafe loads a
 * tagged tuple as a {@code Tuple} and writes it back tagged, so session values round-trip with
 * Flask unchanged. Flashed messages are stored this way: {@code Tuple.of("message", "Saved")}.
 * Items may be {@code null} (Python's {@code None}).
 *
 * @param items the items, in order; an unmodifiable copy
 */
public record Tuple(List<Object> items) {

    /** Copies {@code items} into an unmodifiable list (nulls allowed). */
    public Tuple {
        Objects.requireNonNull(items, "items");
        items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    /** Returns a tuple of {@code items}. */
    public static Tuple of(Object... items) {
        return new Tuple(Arrays.asList(items));
    }

    /** Returns the item at {@code index}. */
    public Object get(int index) {
        return items.get(index);
    }

    /** Returns the number of items. */
    public int size() {
        return items.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        return sb.append(items.size() == 1 ? ",)" : ")").toString();
    }
}
