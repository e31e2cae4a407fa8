package dev.carafe;

import dev.carafe.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response: status, headers and a {@link Body}.
 *
 * <p>Mutable, like Werkzeug's {@code Response}, so that after-request functions can change it.
 * Not thread-safe: it belongs to the request being answered.
 */
public final class Response {
    private int status;
    private final Headers headers;
    private Body body;

    private Response(int status, Body body, String contentType) {
        this.status = checkStatus(status);
        this.headers = new Headers();
        this.body = body;
        if (contentType != null) {
            headers.set("Content-Type", contentType);
        }
    }

    /** Returns a {@code text/html; charset=utf-8} response, Flask's default for a string. */
    public static Response html(String html) {
        return new Response(200, utf8(html), "text/html; charset=utf-8");
    }

    /** Returns a {@code text/plain; charset=utf-8} response. */
    public static Response text(String text) {
        return new Response(200, utf8(text), "text/plain; charset=utf-8");
    }

    /** Returns an {@code application/json} response, serialized with the current app's JSON mapper. */
    public static Response json(Object value) {
        return new Response(200, new Body.Bytes(Json.write(value)), "application/json");
    }

    /** Returns a response with {@code bytes} as its body and the given content type. */
    public static Response bytes(byte[] bytes, String contentType) {
        return new Response(200, new Body.Bytes(bytes.clone()), Objects.requireNonNull(contentType, "contentType"));
    }

    /**
     * Returns a streamed response. The writer runs after the headers are sent, inside the
     * request's context; teardown runs once it finishes (see {@link Body.Stream}).
     */
    public static Response stream(String contentType, Body.StreamWriter writer) {
        return new Response(200, new Body.Stream(writer), Objects.requireNonNull(contentType, "contentType"));
    }

    /** Returns an empty response with {@code status}, such as 204. */
    public static Response empty(int status) {
        return new Response(status, Body.EMPTY, null);
    }

    /** Returns a 302 redirect to {@code location}. */
    public static Response redirect(String location) {
        return redirect(location, 302);
    }

    /**
     * Returns a redirect with a 3xx {@code status} to {@code location}, with Werkzeug's short HTML
     * body. Characters a URI cannot carry (non-ASCII, spaces, quotes) are percent-encoded in the
     * {@code Location} header as UTF-8, as Werkzeug's {@code iri_to_uri} does; escapes already
     * there are kept.
     */
    public static Response redirect(String location, int status) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("redirect status must be 3xx, was " + status);
        }
        location = toUri(Objects.requireNonNull(location, "location"));
        String escaped = Status.escape(location);
        Response r = html("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"
                + "<p>You should be redirected automatically to the target URL: <a href=\"" + escaped + "\">"
                + escaped + "</a>. If not, click the link.\n");
        r.status = status;
        r.headers.set("Location", location);
        return r;
    }

    /** Returns the status code. */
    public int status() {
        return status;
    }

    /** Sets the status code (100 to 599) and returns this response. */
    public Response status(int status) {
        this.status = checkStatus(status);
        return this;
    }

    /** Returns the headers, which may be changed. */
    public Headers headers() {
        return headers;
    }

    /** Sets a header, replacing earlier values, and returns this response. */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** Returns the {@code Content-Type}, if set. */
    public Optional<String> contentType() {
        return headers.get("Content-Type");
    }

    /** Adds a {@code Set-Cookie} header for {@code cookie} and returns this response. */
    public Response setCookie(Cookie cookie) {
        headers.add("Set-Cookie", cookie.toHeader());
        return this;
    }

    /**
     * Adds a cookie that deletes {@code name} at path {@code /}: empty, expired and {@code Max-Age=0}.
     * A cookie set with a domain or another path must be deleted with {@link #setCookie} and the same attributes.
     */
    public Response deleteCookie(String name) {
        return setCookie(Cookie.builder(name, "").expires(java.time.Instant.EPOCH)
                .maxAge(java.time.Duration.ZERO).build());
    }

    /** Returns the body. */
    public Body body() {
        return body;
    }

    /** Replaces the body and returns this response. */
    public Response body(Body body) {
        this.body = Objects.requireNonNull(body, "body");
        return this;
    }

    /**
     * Returns the body as UTF-8 text (for in-memory bodies), or empty for a stream.
     * Handy in after-request hooks and tests.
     */
    public Optional<String> text() {
        return switch (body) {
            case Body.Empty e -> Optional.of("");
            case Body.Bytes b -> Optional.of(new String(b.bytes(), StandardCharsets.UTF_8));
            case Body.Stream s -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return "<Response " + status + " " + contentType().orElse("") + ">";
    }

    private static String toUri(String iri) {
        StringBuilder out = null;
        for (int i = 0; i < iri.length(); i++) {
            char c = iri.charAt(i);
            if (c > ' ' && c < 127 && "\"<>\\^`{|}".indexOf(c) < 0) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(iri.length() + 16).append(iri, 0, i);
            }
            int cp = iri.codePointAt(i);
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i += Character.charCount(cp) - 1;
        }
        return out == null ? iri : out.toString();
    }

    private static Body utf8(String s) {
        return new Body.Bytes(Objects.requireNonNull(s, "text").getBytes(StandardCharsets.UTF_8));
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
        return status;
    }
}
