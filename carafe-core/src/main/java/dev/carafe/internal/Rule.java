package dev.carafe.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed URL rule such as {@code /user/<int:id>}: the parts the router matches, segment by
 * segment, and the pieces {@code urlFor} writes back.
 *
 * <p>A segment is a {@link RulePart.Static} text, a {@link RulePart.Single} parameter filling
 * the whole segment, or a {@link RulePart.Mixed} segment such as {@code page-<int:n>.html}
 * (a regular expression compiled here, once). From the first {@code <path:...>} parameter on,
 * the rest of the rule is one {@link RulePart.Tail}, because a path spans slashes.
 *
 * @param text   the rule as registered
 * @param parts  the parts to match, in order
 * @param params the parameter names, in the order their values are matched
 * @param pieces what {@code urlFor} writes: encoded text and parameters, in order
 * @param shape  the rule with parameter names left out ({@code /user/<int>}); equal shapes match equal URLs
 */
record Rule(String text, List<RulePart> parts, List<String> params, List<Piece> pieces, String shape) {

    /** What {@code urlFor} writes for one stretch of the rule. */
    sealed interface Piece {}

    /** Literal rule text, already percent-encoded. */
    record Literal(String encoded) implements Piece {}

    /** A path parameter. */
    record Param(String name, Converter converter) implements Piece {}

    /** Returns whether the rule has no parameters. */
    boolean isStatic() {
        return params.isEmpty();
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException (one line, naming the rule) for an unclosed {@code <}, a stray
     *     {@code >}, an unknown converter, converter arguments, a bad or repeated parameter name
     */
    static Rule parse(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("rule must start with '/', was \"" + text + "\"");
        }
        List<Object> raw = tokens(text);
        Set<String> seen = new HashSet<>();
        List<String> params = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        for (Object t : raw) {
            if (t instanceof Param p) {
                if (!seen.add(p.name())) {
                    throw new IllegalArgumentException("rule " + text + " uses the parameter name '" + p.name()
                            + "' twice; give each parameter its own name");
                }
                params.add(p.name());
                pieces.add(p);
            } else {
                pieces.add(new Literal(UrlCodec.encodePath((String) t)));
            }
        }
        List<List<Object>> segments = segments(raw);
        List<RulePart> parts = new ArrayList<>(segments.size());
        StringBuilder shape = new StringBuilder();
        List<String> order = new ArrayList<>(params.size());
        for (int i = 0; i < segments.size(); i++) {
            List<Object> seg = segments.get(i);
            if (seg.stream().anyMatch(t -> t instanceof Param p && !p.converter().isolating())) {
                List<Object> rest = new ArrayList<>();
                for (int j = i; j < segments.size(); j++) {
                    if (j > i) {
                        rest.add("/");
                    }
                    rest.addAll(segments.get(j));
                }
                RulePart.Tail tail = new RulePart.Tail(regex(rest), converters(rest), key(rest));
                parts.add(tail);
                shape.append('/').append(tail.key());
                rest.forEach(t -> addName(t, order));
                break;
            }
            RulePart part = segmentPart(seg);
            parts.add(part);
            shape.append('/').append(part.key());
            seg.forEach(t -> addName(t, order));
        }
        return new Rule(text, List.copyOf(parts), List.copyOf(order), List.copyOf(pieces), shape.toString());
    }

    /** Splits the rule into literal strings and {@link Param}s; literals keep their slashes. */
    private static List<Object> tokens(String text) {
        List<Object> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '>') {
                throw new IllegalArgumentException("rule " + text + " has a '>' at position " + i + " without a '<' before it");
            }
            if (c != '<') {
                literal.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('>', i);
            int nextOpen = text.indexOf('<', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw new IllegalArgumentException("rule " + text + " has a '<' at position " + i + " that is not closed by '>'");
            }
            if (!literal.isEmpty()) {
                out.add(literal.toString());
                literal.setLength(0);
            }
            out.add(param(text, text.substring(i + 1, close)));
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            out.add(literal.toString());
        }
        return out;
    }

    private static Param param(String rule, String inside) {
        int colon = inside.indexOf(':');
        String conv = colon < 0 ? "string" : inside.substring(0, colon).trim();
        String name = colon < 0 ? inside.trim() : inside.substring(colon + 1).trim();
        if (conv.indexOf('(') >= 0) {
            throw new IllegalArgumentException("rule " + rule + " passes arguments to converter '" + conv
                    + "', which Carafe does not support; use <" + conv.substring(0, conv.indexOf('(')) + ":" + name
                    + "> and check the value in the handler");
        }
        Converter converter = Converter.named(conv);
        if (converter == null) {
            throw new IllegalArgumentException("rule " + rule + " uses the unknown converter '" + conv
                    + "'; the converters are string, int, float, path and uuid");
        }
        if (!validName(name)) {
            throw new IllegalArgumentException("rule " + rule + " has the parameter name '" + name
                    + "'; a name is a letter or '_' followed by letters, digits or '_'");
        }
        return new Param(name, converter);
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    /** Splits tokens at slashes into segments, after the rule's leading slash; {@code "/"} gives one empty segment. */
    private static List<List<Object>> segments(List<Object> tokens) {
        List<List<Object>> out = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        boolean leading = true;
        for (Object t : tokens) {
            if (t instanceof Param) {
                current.add(t);
                continue;
            }
            String s = (String) t;
            int start = 0;
            if (leading) {
                start = 1; // the rule's own leading slash
                leading = false;
            }
            for (int slash = s.indexOf('/', start); slash >= 0; slash = s.indexOf('/', start)) {
                if (slash > start) {
                    current.add(s.substring(start, slash));
                }
                out.add(current);
                current = new ArrayList<>();
                start = slash + 1;
            }
            if (start < s.length()) {
                current.add(s.substring(start));
            }
        }
        out.add(current);
        return out;
    }

    private static RulePart segmentPart(List<Object> seg) {
        if (seg.isEmpty()) {
            return new RulePart.Static("");
        }
        if (seg.size() == 1 && seg.getFirst() instanceof String s) {
            return new RulePart.Static(s);
        }
        if (seg.size() == 1 && seg.getFirst() instanceof Param p) {
            return new RulePart.Single(p.converter());
        }
        return new RulePart.Mixed(regex(seg), converters(seg), key(seg), literalLength(seg));
    }

    private static Pattern regex(List<Object> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            if (t instanceof Param p) {
                sb.append('(').append(p.converter().regex()).append(')');
            } else {
                sb.append(Pattern.quote((String) t));
            }
        }
        return Pattern.compile(sb.toString(), Pattern.DOTALL);
    }

    private static List<Converter> converters(List<Object> tokens) {
        return tokens.stream().filter(t -> t instanceof Param).map(t -> ((Param) t).converter()).toList();
    }

    /** The part as the rule writes it, without parameter names: {@code page-<int>.html}; '<' never occurs in text. */
    private static String key(List<Object> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Object t : tokens) {
            sb.append(t instanceof Param p ? "<" + p.converter().text() + ">" : (String) t);
        }
        return sb.toString();
    }

    private static int literalLength(List<Object> tokens) {
        return tokens.stream().filter(t -> t instanceof String).mapToInt(t -> ((String) t).length()).sum();
    }

    private static void addName(Object token, List<String> names) {
        if (token instanceof Param p) {
            names.add(p.name());
        }
    }
}
