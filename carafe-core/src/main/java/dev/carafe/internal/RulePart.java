package dev.carafe.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One part of a parsed {@link Rule}: a path segment, or the tail of the rule from its
 * {@code <path:...>} parameter on. Rules whose parts have equal {@link #key()}s share a node
 * of the router's tree.
 */
sealed interface RulePart {

    /** Returns the part as the rule writes it, parameter names left out, e.g. {@code <int>}. */
    String key();

    /** A segment of plain text; {@code ""} for the segment after a trailing slash. */
    record Static(String text) implements RulePart {
        @Override
        public String key() {
            return text;
        }
    }

    /** A segment that is exactly one parameter, matched by its converter without a regular expression. */
    record Single(Converter converter) implements RulePart {
        @Override
        public String key() {
            return "<" + converter.text() + ">";
        }
    }

    /**
     * A segment mixing text and parameters, such as {@code page-<int:n>.html}.
     *
     * @param regex         matches the whole segment; group {@code i} is parameter {@code i}
     * @param converters    the parameters' converters, in order
     * @param key           the shape of the segment
     * @param literalLength how many characters of plain text it has (more is tried first)
     */
    record Mixed(Pattern regex, List<Converter> converters, String key, int literalLength) implements RulePart {}

    /**
     * The rest of the rule from the segment holding a {@code path} parameter: it matches the rest
     * of the URL, slashes included, and is always the last part.
     */
    record Tail(Pattern regex, List<Converter> converters, String key) implements RulePart {}
}
