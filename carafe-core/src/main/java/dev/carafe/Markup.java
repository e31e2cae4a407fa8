package dev.carafe;

import java.util.Objects;

/**
 * Text that is already safe HTML: Flask's {@code Markup}.
 *
 * <p>Templates write it without escaping, and the session stores it with Flask's {@code " m"}
 * tag, so it round-trips with Flask services.
 *
 * @param html the HTML text
 */
public record Markup(String html) implements CharSequence {
    /** Checks the text is present. */
    public Markup {
        Objects.requireNonNull(html, "html");
    }

    /** Returns markup for {@code html}, trusted as is. */
    public static Markup of(String html) {
        return new Markup(html);
    }

    @Override
    public int length() {
        return html.length();
    }

    @Override
    public char charAt(int index) {
        return html.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return html.subSequence(start, end);
    }

    @Override
    public String toString() {
        return html;
    }
}
