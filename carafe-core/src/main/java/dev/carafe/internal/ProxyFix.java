package dev.carafe.internal;

import dev.carafe.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Werkzeug's {@code ProxyFix}: the client-facing scheme, host, address and mount prefix of a
 * request that came through {@code TRUSTED_PROXIES} = N reverse proxies.
 *
 * <p>Each trusted proxy appends one value to the forwarding headers, so the value the
 * outermost trusted proxy wrote is the N-th from the right; values further left came from
 * the client and are never used. A header with fewer than N values, or a value that does not
 * parse, is ignored and the direct value kept: a malformed header is never an error. With
 * N = 0 (the default) nothing is trusted. The client address and scheme follow N; the host and
 * port, and the prefix, only when {@code TRUSTED_PROXY_HOST} / {@code TRUSTED_PROXY_PREFIX} say
 * so: Werkzeug's defaults {@code ProxyFix(x_for=N, x_proto=N, x_host=0, x_port=0, x_prefix=0)},
 * since a proxy that does not set a header passes the client's own through.
 *
 * <p>Which header family is read: when the request has any of {@code X-Forwarded-For},
 * {@code -Proto}, {@code -Host} or {@code -Port}, those decide and {@code Forwarded} is
 * ignored; otherwise the RFC 7239 {@code Forwarded} header decides ({@code for}, {@code proto},
 * {@code host} of its N-th element from the right). {@code X-Forwarded-*} wins because it is
 * what nginx, HAProxy and cloud load balancers send by default, and a proxy that sets one
 * family typically passes the other through from the client untouched; reading the common one
 * first keeps the common setup from trusting a client-written header. The prefix always comes
 * from {@code X-Forwarded-Prefix}, which RFC 7239 has no field for.
 */
final class ProxyFix {
    private ProxyFix() {}

    /**
     * The client-facing scheme, host, address and mount prefix of a request.
     *
     * @param prefix the path the proxy mounts the app at, without a trailing slash; {@code ""} for none
     */
    record Resolved(String scheme, String host, String remoteAddr, String prefix) {}

    static Resolved resolve(int trustedProxies, boolean trustHost, boolean trustPrefix, Headers headers, String scheme,
                            String host, String remoteAddr) {
        if (trustedProxies <= 0) {
            return new Resolved(scheme, host, remoteAddr, "");
        }
        int n = trustedProxies;
        String s = scheme;
        String h = host;
        String a = remoteAddr;
        boolean xForwarded = headers.contains("X-Forwarded-For") || headers.contains("X-Forwarded-Proto")
                || headers.contains("X-Forwarded-Host") || headers.contains("X-Forwarded-Port");
        if (xForwarded) {
            a = orElse(address(nth(headers.all("X-Forwarded-For"), n)), a);
            s = orElse(scheme(nth(headers.all("X-Forwarded-Proto"), n)), s);
            if (trustHost) {
                h = orElse(host(nth(headers.all("X-Forwarded-Host"), n)), h);
                String port = port(nth(headers.all("X-Forwarded-Port"), n));
                if (port != null) {
                    h = withPort(h, port);
                }
            }
        } else if (headers.contains("Forwarded")) {
            Map<String, String> element = forwardedElement(headers.all("Forwarded"), n);
            if (element != null) {
                a = orElse(address(element.get("for")), a);
                s = orElse(scheme(element.get("proto")), s);
                if (trustHost) {
                    h = orElse(host(element.get("host")), h);
                }
            }
        }
        String prefix = trustPrefix ? orElse(prefix(nth(headers.all("X-Forwarded-Prefix"), n)), "") : "";
        return new Resolved(s, h.equals(host) ? h : withoutDefaultPort(h, s), a, prefix);
    }

    /** Returns the N-th value from the right of comma-separated header values, or null when there are fewer. */
    private static String nth(List<String> headerValues, int n) {
        if (headerValues.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (String v : headerValues) {
            for (String part : v.split(",", -1)) {
                values.add(part.trim());
            }
        }
        if (values.size() < n) {
            return null;
        }
        String v = values.get(values.size() - n);
        return v.isEmpty() ? null : v;
    }

    /** Returns the N-th element from the right of {@code Forwarded}, parsed; null when missing or malformed. */
    private static Map<String, String> forwardedElement(List<String> headerValues, int n) {
        List<String> elements = new ArrayList<>();
        for (String v : headerValues) {
            elements.addAll(splitOutsideQuotes(v, ','));
        }
        if (elements.size() < n) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : splitOutsideQuotes(elements.get(elements.size() - n), ';')) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
            } else if (value.indexOf('"') >= 0) {
                return null;
            }
            out.putIfAbsent(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        return out;
    }

    /** Splits at {@code sep} outside double quotes; null pieces never, trimmed pieces always. */
    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    /** Returns an IP address without port or brackets, or null for anything else ({@code unknown}, {@code _hidden}). */
    static String address(String v) {
        if (v == null) {
            return null;
        }
        String a = v;
        if (a.startsWith("[")) {
            int close = a.indexOf(']');
            if (close < 0) {
                return null;
            }
            a = a.substring(1, close);
        } else if (a.indexOf(':') == a.lastIndexOf(':') && a.indexOf(':') > 0 && a.indexOf('.') > 0) {
            a = a.substring(0, a.indexOf(':')); // IPv4 with a port
        }
        if (a.isEmpty() || a.length() > 45) {
            return null;
        }
        boolean ipv6 = a.indexOf(':') >= 0;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (ipv6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        return a;
    }

    private static String scheme(String v) {
        if (v == null) {
            return null;
        }
        String s = v.toLowerCase(Locale.ROOT);
        return s.equals("http") || s.equals("https") || s.equals("ws") || s.equals("wss") ? s : null;
    }

    /** Returns a host with an optional port, or null when it has characters a host cannot have. */
    private static String host(String v) {
        if (v == null || v.length() > 255) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == ':' || c == '[' || c == ']' || c == '_')) {
                return null;
            }
        }
        return v;
    }

    private static String port(String v) {
        if (v == null || v.isEmpty() || v.length() > 5 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int p = Integer.parseInt(v);
        return p >= 1 && p <= 65535 ? Integer.toString(p) : null;
    }

    /** Returns a mount prefix starting with '/', without a trailing slash, or null when it is not a plain path. */
    private static String prefix(String v) {
        // "//host" would make every URL and redirect built from it point at another site.
        if (v == null || !v.startsWith("/") || v.startsWith("//") || v.length() > 1024) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c >= 127 || "\"<>\\^`{|}?#".indexOf(c) >= 0) {
                return null;
            }
        }
        String p = v;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String withPort(String host, String port) {
        return hostOnly(host) + ":" + port;
    }

    private static String hostOnly(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    private static String withoutDefaultPort(String host, String scheme) {
        boolean plain = scheme.equals("http") || scheme.equals("ws");
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        if ((plain && host.endsWith(":80")) || (secure && host.endsWith(":443"))) {
            return hostOnly(host);
        }
        return host;
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
