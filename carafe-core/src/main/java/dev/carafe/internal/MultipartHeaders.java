package dev.carafe.internal;

import dev.carafe.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The headers of one multipart part, and the parameter syntax shared with {@code Content-Type}:
 * {@code form-data; name="f"; filename="a.txt"; filename*=UTF-8''%C3%A9.txt}.
 *
 * @param disposition the {@code Content-Disposition} type, lower case ({@code form-data})
 * @param name        the field name
 * @param filename    the file name sent, or null when the part is a plain field
 * @param contentType the part's {@code Content-Type}, or null when not sent
 */
record MultipartHeaders(String disposition, String name, String filename, String contentType) {

    /** Parses the header lines of a part (already split, without line breaks). */
    static MultipartHeaders parse(Iterable<String> lines) {
        String disposition = null;
        String contentType = null;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw HttpError.of(400, "A part of the multipart body has a malformed header line (no ':').");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                disposition = value;
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (disposition == null) {
            throw HttpError.of(400, "A part of the multipart body has no Content-Disposition header.");
        }
        int semi = disposition.indexOf(';');
        String type = (semi < 0 ? disposition : disposition.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        if (!type.equals("form-data")) {
            throw HttpError.of(400, "A part of the multipart body has Content-Disposition '" + type
                    + "'; a form sends 'form-data'.");
        }
        Map<String, String> params = params(semi < 0 ? "" : disposition.substring(semi + 1));
        if (params == null) {
            throw HttpError.of(400, "A part of the multipart body has a malformed Content-Disposition header.");
        }
        String name = params.get("name");
        if (name == null) {
            throw HttpError.of(400, "A part of the multipart body has no field name in its Content-Disposition header.");
        }
        String filename = params.containsKey("filename*") ? extValue(params.get("filename*")) : null;
        if (filename == null) {
            filename = params.get("filename");
        }
        return new MultipartHeaders(type, name, filename, contentType);
    }

    /**
     * Parses {@code ; a=b; c="d"} into lower-case names and unquoted values; null when malformed.
     * Names seen twice keep the first value.
     */
    static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ';' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = s.indexOf('=', i);
            int semi = s.indexOf(';', i);
            if (eq < 0 || (semi >= 0 && semi < eq)) {
                return null;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                return null;
            }
            i = eq + 1;
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        sb.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
                value = sb.toString();
                while (i < n && s.charAt(i) != ';') {
                    if (s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                        return null;
                    }
                    i++;
                }
            } else {
                int end = s.indexOf(';', i);
                value = s.substring(i, end < 0 ? n : end).trim();
                i = end < 0 ? n : end;
            }
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /** Decodes an RFC 5987 value {@code UTF-8''%C3%A9.txt}; null when it is malformed or not UTF-8/Latin-1. */
    private static String extValue(String v) {
        int first = v.indexOf('\'');
        int second = first < 0 ? -1 : v.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        String charset = v.substring(0, first).trim().toUpperCase(Locale.ROOT);
        java.nio.charset.Charset cs = switch (charset) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> null;
        };
        if (cs == null) {
            return null;
        }
        try {
            return UrlCodec.decodeComponent(v.substring(second + 1), cs, "file name");
        } catch (HttpError e) {
            return null;
        }
    }
}
