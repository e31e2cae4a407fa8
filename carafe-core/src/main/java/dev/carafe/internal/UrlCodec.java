package dev.carafe.internal;

import dev.carafe.HttpError;
import dev.carafe.Params;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Percent-decoding of paths, queries and url-encoded forms; malformed input is a 400. */
public final class UrlCodec {
    private UrlCodec() {}

    /** Decodes a path ({@code +} stays a plus); throws a 400 on bad escapes or invalid UTF-8. */
    public static String decodePath(String raw) {
        return decode(raw, false, StandardCharsets.UTF_8, "path");
    }

    /** Parses {@code a=1&b=2&a=3}; names without {@code =} get an empty value. */
    public static Params parseQuery(String raw, Charset charset) {
        if (raw == null || raw.isEmpty()) {
            return Params.empty();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, charset, "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, charset, "query");
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return Params.of(out);
    }

    /** Returns query args and form fields together, query first. */
    static Params merge(Params a, Params b) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        a.asMap().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        b.asMap().forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return Params.of(out);
    }

    /** Returns the charset named in a Content-Type, UTF-8 when absent or unknown. */
    static Charset charsetOf(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String decode(String s, boolean plusIsSpace, Charset charset, String where) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw HttpError.of(400, "The " + where + " has a malformed percent-escape near position " + i + ".");
                }
                bytes.write((Character.digit(s.charAt(i + 1), 16) << 4) | Character.digit(s.charAt(i + 2), 16));
                i += 2;
                continue;
            }
            flush(bytes, out, charset, where);
            out.append(plusIsSpace && c == '+' ? ' ' : c);
        }
        flush(bytes, out, charset, where);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out, Charset charset, String where) {
        if (bytes.size() == 0) {
            return;
        }
        try {
            out.append(charset.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw HttpError.of(400, "The " + where + " has percent-escapes that are not valid " + charset.name() + ".");
        }
        bytes.reset();
    }
}
