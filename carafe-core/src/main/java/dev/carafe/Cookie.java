package dev.carafe;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A response cookie with every attribute of RFC 6265bis, written in Werkzeug's order.
 *
 * @param name        the cookie name, an RFC 6265 token
 * @param value       the value, already encoded; no whitespace, quotes, commas, semicolons or backslashes
 * @param maxAge      {@code Max-Age}, if set
 * @param expires     {@code Expires}, if set
 * @param domain      {@code Domain}, if set (leading dots are dropped, as Werkzeug does)
 * @param path        {@code Path}, if set
 * @param secure      {@code Secure}; always true for a partitioned cookie, as in Werkzeug
 * @param httpOnly    {@code HttpOnly}
 * @param sameSite    {@code SameSite}, if set
 * @param partitioned {@code Partitioned} (CHIPS)
 */
public record Cookie(String name, String value, Optional<Duration> maxAge, Optional<Instant> expires,
                     Optional<String> domain, Optional<String> path, boolean secure, boolean httpOnly,
                     Optional<SameSite> sameSite, boolean partitioned) {

    /** The {@code SameSite} attribute values. */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax"), NONE("None");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        /** Returns the attribute text, e.g. {@code "Lax"}. */
        public String text() {
            return text;
        }

        /** Parses {@code Strict}, {@code Lax} or {@code None}, ignoring case. */
        public static SameSite parse(String text) {
            for (SameSite s : values()) {
                if (s.text.equalsIgnoreCase(text.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("SameSite must be Strict, Lax or None, was \"" + text + "\"");
        }
    }

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** Validates the name and value so that a cookie can never break the header. */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sameSite, "sameSite");
        domain = Objects.requireNonNull(domain, "domain").map(Cookie::withoutLeadingDots);
        // Werkzeug's dump_cookie: browsers accept a Partitioned (CHIPS) cookie only when it is Secure.
        secure = secure || partitioned;
        // Plain loops, not streams or regexes: every Set-Cookie header, the session's included, is
        // built through here (the streams were about 5% of a request that saves a session).
        if (!isToken(name)) {
            throw new IllegalArgumentException("cookie name must be a token, was \"" + name + "\"");
        }
        if (!isValue(value)) {
            throw new IllegalArgumentException("cookie " + name + " value has a character cookies cannot carry"
                    + " (space, quote, comma, semicolon, backslash or non-ASCII); encode it first");
        }
        if (breaksAttribute(domain) || breaksAttribute(path)) {
            throw new IllegalArgumentException("cookie " + name + " domain and path must not contain ';' or control characters");
        }
    }

    private static String withoutLeadingDots(String domain) {
        int i = 0;
        while (i < domain.length() && domain.charAt(i) == '.') {
            i++;
        }
        return domain.substring(i);
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 32 || c >= 127 || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean breaksAttribute(Optional<String> attribute) {
        if (attribute.isEmpty()) {
            return false;
        }
        String text = attribute.get();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 32 || c == ';' || c == 127) {
                return true;
            }
        }
        return false;
    }

    /** Returns a builder for a cookie with this name and value; path {@code /}, nothing else set. */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /** Returns a plain cookie {@code name=value; Path=/}. */
    public static Cookie of(String name, String value) {
        return builder(name, value).build();
    }

    /**
     * Returns the {@code Set-Cookie} header value, attributes in Werkzeug's order. As Werkzeug
     * does, a {@code Max-Age} without {@code Expires} also writes {@code Expires} (now plus the
     * age), for clients that know only {@code Expires}.
     */
    public String toHeader() {
        StringBuilder sb = new StringBuilder(name.length() + value.length() + 64).append(name).append('=').append(value);
        domain.ifPresent(d -> sb.append("; Domain=").append(d));
        expires.or(() -> maxAge.map(m -> Instant.now().plusSeconds(Math.max(0, m.toSeconds()))))
                .ifPresent(e -> sb.append("; Expires=").append(HTTP_DATE.format(e)));
        maxAge.ifPresent(m -> sb.append("; Max-Age=").append(Math.max(0, m.toSeconds())));
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        path.ifPresent(p -> sb.append("; Path=").append(p));
        sameSite.ifPresent(s -> sb.append("; SameSite=").append(s.text()));
        if (partitioned) {
            sb.append("; Partitioned");
        }
        return sb.toString();
    }

    /** Formats an instant as an RFC 1123 HTTP date, e.g. {@code Thu, 01 Jan 1970 00:00:00 GMT}. */
    public static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    /** A builder for {@link Cookie}; setters validate nothing until {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final String value;
        private Duration maxAge;
        private Instant expires;
        private String domain;
        private String path = "/";
        private boolean secure;
        private boolean httpOnly;
        private SameSite sameSite;
        private boolean partitioned;

        private Builder(String name, String value) {
            this.name = name;
            this.value = value;
        }

        /** Sets {@code Max-Age}. */
        public Builder maxAge(Duration maxAge) { this.maxAge = maxAge; return this; }
        /** Sets {@code Expires}. */
        public Builder expires(Instant expires) { this.expires = expires; return this; }
        /** Sets {@code Domain}. */
        public Builder domain(String domain) { this.domain = domain; return this; }
        /** Sets {@code Path}; {@code null} leaves it out. */
        public Builder path(String path) { this.path = path; return this; }
        /** Sets {@code Secure}. */
        public Builder secure(boolean secure) { this.secure = secure; return this; }
        /** Sets {@code HttpOnly}. */
        public Builder httpOnly(boolean httpOnly) { this.httpOnly = httpOnly; return this; }
        /** Sets {@code SameSite}. */
        public Builder sameSite(SameSite sameSite) { this.sameSite = sameSite; return this; }
        /** Sets {@code Partitioned}. */
        public Builder partitioned(boolean partitioned) { this.partitioned = partitioned; return this; }

        /** Returns the cookie. */
        public Cookie build() {
            return new Cookie(name, value, Optional.ofNullable(maxAge), Optional.ofNullable(expires),
                    Optional.ofNullable(domain), Optional.ofNullable(path), secure, httpOnly,
                    Optional.ofNullable(sameSite), partitioned);
        }
    }
}
