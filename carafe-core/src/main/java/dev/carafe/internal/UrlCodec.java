package dev.carafe.internal;

import dev.carafe.HttpError;
import dev.carafe.Params;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Percent-decoding of paths, queries and url-encoded forms, and percent-encoding for URLs
 * that {@code urlFor} builds.
 *
 * <p>Decoding is strict: a {@code %} not followed by two ASCII hex digits, or bytes that are
 * not valid in the charset (UTF-8 unless the request names another), is a 400 whose message
 * says which part of the request is at fault. Werkzeug replaces such bytes with U+FFFD
 * instead; a 400 tells the client what is wrong rather than handing the app altered text.
 * The JDK's {@code URLDecoder} is not used because it accepts non-ASCII hex digits and
 * replaces malformed input silently.
 */
public final class UrlCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** Characters a path segment keeps as they are: RFC 3986 unreserved plus the sub-delimiters Werkzeug keeps. */
    private static final String SEGMENT_SAFE = "-._~!$&'()*+,;=:@";
    /** Characters a query name or value keeps as they are (Werkzeug's {@code url_encode}); space becomes {@code +}. */
    private static final String QUERY_SAFE = "-._~!$'()*,/:;?@";
    private static final String FRAGMENT_SAFE = "-._~!$&'()*+,;=:@/?";

    private UrlCodec() {}

    /** Decodes a path ({@code +} stays a plus); throws a 400 on bad escapes or invalid UTF-8. */
    public static String decodePath(String raw) {
        return decode(raw, false, StandardCharsets.UTF_8, "path");
    }

    /** Decodes the percent-escapes of {@code s} ({@code +} stays a plus); {@code where} names it in the 400's message. */
    static String decodeComponent(String s, Charset charset, String where) {
        return decode(s, false, charset, where);
    }

    /** Parses {@code a=1&b=2&a=3}; names without {@code =} get an empty value; throws a 400 on bad escapes. */
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
                int eq = raw.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = decode(raw.substring(start, hasValue ? eq : end), true, charset, "query string");
                String value = hasValue ? decode(raw.substring(eq + 1, end), true, charset, "query string") : "";
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return Params.of(out);
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} body byte by byte, so that raw
     * non-ASCII bytes decode in {@code charset} just like escaped ones.
     *
     * @throws HttpError 400 on bad escapes or bytes invalid in {@code charset}; 413 with more than {@code maxFields} fields
     */
    static Params parseForm(byte[] body, Charset charset, int maxFields) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int fields = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            int eq = -1;
            while (end < body.length && body[end] != '&') {
                if (body[end] == '=' && eq < 0) {
                    eq = end;
                }
                end++;
            }
            if (end > start) {
                if (++fields > maxFields) {
                    throw HttpError.of(413, "The form has more than " + maxFields + " fields (MAX_FORM_PARTS).");
                }
                String name = decodeBytes(body, start, eq < 0 ? end : eq, charset);
                String value = eq < 0 ? "" : decodeBytes(body, eq + 1, end, charset);
                out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
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

    /** Percent-encodes a path, keeping its slashes. */
    static String encodePath(String s) {
        return encode(s, SEGMENT_SAFE + "/", false);
    }

    /** Percent-encodes one path segment: a slash becomes {@code %2F}. */
    static String encodePathSegment(String s) {
        return encode(s, SEGMENT_SAFE, false);
    }

    /** Percent-encodes a query name or value; a space becomes {@code +}. */
    static String encodeQuery(String s) {
        return encode(s, QUERY_SAFE, true);
    }

    /** Percent-encodes a fragment. */
    static String encodeFragment(String s) {
        return encode(s, FRAGMENT_SAFE, false);
    }

    private static String encode(String s, String safe, boolean spaceAsPlus) {
        int i = 0;
        while (i < s.length() && keep(s.charAt(i), safe)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        byte[] bytes = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && keep(c, safe)) {
                out.append(c);
            } else if (c == ' ' && spaceAsPlus) {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean keep(char c, String safe) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0;
    }

    private static String decode(String s, boolean plusIsSpace, Charset charset, String where) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        byte[] bytes = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
                if (lo < 0) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    throw HttpError.of(400, "The " + where + " has a malformed percent-escape: \"" + bad
                            + "\" (a '%' must be followed by two hex digits).");
                }
                bytes[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[n++] = ' ';
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // A character the server already decoded: keep it, as its bytes in the charset.
                int cp = s.codePointAt(i);
                byte[] enc = new String(Character.toChars(cp)).getBytes(charset);
                if (n + enc.length > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2 + enc.length);
                }
                System.arraycopy(enc, 0, bytes, n, enc.length);
                n += enc.length;
                i += Character.charCount(cp) - 1;
            }
        }
        return toText(bytes, 0, n, charset, "The " + where + " is not valid " + charset.name() + " after percent-decoding.");
    }

    private static String decodeBytes(byte[] body, int from, int to, Charset charset) {
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '%') {
                int hi = i + 2 < to ? hex((char) body[i + 1]) : -1;
                int lo = hi >= 0 ? hex((char) body[i + 2]) : -1;
                if (lo < 0) {
                    throw HttpError.of(400, "The form body has a malformed percent-escape (a '%' must be followed by"
                            + " two hex digits).");
                }
                bytes[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else {
                bytes[n++] = b == '+' ? (byte) ' ' : b;
            }
        }
        return toText(bytes, 0, n, charset, "The form body is not valid " + charset.name() + " after percent-decoding.");
    }

    /** Decodes bytes strictly; a malformed sequence is a 400 with {@code message}. */
    static String toText(byte[] bytes, int from, int length, Charset charset, String message) {
        try {
            return charset.newDecoder().decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.of(400, message);
        }
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
