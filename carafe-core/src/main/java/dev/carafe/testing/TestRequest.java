package dev.carafe.testing;

import dev.carafe.Headers;
import dev.carafe.internal.Json;
import dev.carafe.spi.ServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to send in memory, with the test client or as a test request context
 * (Werkzeug's {@code EnvironBuilder}). Immutable; each method returns a new request.
 * <pre>{@code
 * TestRequest.post("/login").form("user", "ada").header("Accept", "text/html")
 * }</pre>
 */
public final class TestRequest {
    private final String method;
    private final String path;
    private final String query;
    private final Headers headers;
    private final byte[] body;
    private final String scheme;
    private final String host;
    private final String remoteAddr;
    private final List<String[]> formFields;
    private final List<FilePart> files;

    private record FilePart(String field, String filename, String contentType, byte[] content) {}

    private TestRequest(String method, String path, String query, Headers headers, byte[] body, String scheme,
                        String host, String remoteAddr, List<String[]> formFields, List<FilePart> files) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.scheme = scheme;
        this.host = host;
        this.remoteAddr = remoteAddr;
        this.formFields = formFields;
        this.files = files;
    }

    /** Returns a request with {@code method} for {@code pathAndQuery}, e.g. {@code /search?q=x}. */
    public static TestRequest of(String method, String pathAndQuery) {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        if (!pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("test request path must start with '/', was \"" + pathAndQuery + "\"");
        }
        int q = pathAndQuery.indexOf('?');
        String p = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Headers h = new Headers();
        h.set("User-Agent", "Carafe-TestClient");
        return new TestRequest(method.toUpperCase(Locale.ROOT), p, query, h, new byte[0], "http", "localhost",
                "127.0.0.1", List.of(), List.of());
    }

    /** Returns a GET request. */
    public static TestRequest get(String pathAndQuery) {
        return of("GET", pathAndQuery);
    }

    /** Returns a POST request. */
    public static TestRequest post(String pathAndQuery) {
        return of("POST", pathAndQuery);
    }

    private TestRequest with(String q, Headers h, byte[] b, String s, String ho, String r, List<String[]> f, List<FilePart> fi) {
        return new TestRequest(method, path, q, h, b, s, ho, r, f, fi);
    }

    /** Adds a query argument (encoded here). */
    public TestRequest query(String name, String value) {
        String pair = enc(name) + "=" + enc(value);
        return with(query.isEmpty() ? pair : query + "&" + pair, headers, body, scheme, host, remoteAddr, formFields, files);
    }

    /** Adds a header. */
    public TestRequest header(String name, String value) {
        Headers h = headers.copy();
        h.add(name, value);
        return with(query, h, body, scheme, host, remoteAddr, formFields, files);
    }

    /** Adds a cookie to the {@code Cookie} header. */
    public TestRequest cookie(String name, String value) {
        Headers h = headers.copy();
        String existing = h.get("Cookie", "");
        h.set("Cookie", existing.isEmpty() ? name + "=" + value : existing + "; " + name + "=" + value);
        return with(query, h, body, scheme, host, remoteAddr, formFields, files);
    }

    /** Sets a raw body and its content type. */
    public TestRequest body(byte[] content, String contentType) {
        Headers h = headers.copy();
        h.set("Content-Type", contentType);
        return with(query, h, content.clone(), scheme, host, remoteAddr, formFields, files);
    }

    /** Sets a text body ({@code text/plain; charset=utf-8}). */
    public TestRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** Sets a JSON body from {@code value}. */
    public TestRequest json(Object value) {
        return body(Json.write(value), "application/json");
    }

    /** Adds a form field; the body is url-encoded, or multipart when files are added. */
    public TestRequest form(String name, String value) {
        List<String[]> f = new ArrayList<>(formFields);
        f.add(new String[] {name, value});
        return with(query, headers, body, scheme, host, remoteAddr, List.copyOf(f), files);
    }

    /** Adds a file; the body becomes multipart/form-data. */
    public TestRequest file(String field, String filename, String contentType, byte[] content) {
        List<FilePart> fi = new ArrayList<>(files);
        fi.add(new FilePart(field, filename, contentType, content.clone()));
        return with(query, headers, body, scheme, host, remoteAddr, formFields, List.copyOf(fi));
    }

    /** Sets the scheme, {@code http} by default. */
    public TestRequest scheme(String newScheme) {
        return with(query, headers, body, newScheme, host, remoteAddr, formFields, files);
    }

    /** Sets the host, {@code localhost} by default. */
    public TestRequest host(String newHost) {
        return with(query, headers, body, scheme, newHost, remoteAddr, formFields, files);
    }

    /** Sets the client address, {@code 127.0.0.1} by default. */
    public TestRequest remoteAddr(String addr) {
        return with(query, headers, body, scheme, host, addr, formFields, files);
    }

    /** Returns the method. */
    public String method() {
        return method;
    }

    /** Returns the path and query as requested. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** Returns an exchange that serves this request in memory and records the response; for adapters and tests. */
    public ServerExchange toExchange() {
        Headers h = headers.copy();
        byte[] content = body;
        if (!files.isEmpty()) {
            String boundary = "carafe-" + UUID.randomUUID();
            content = multipart(boundary);
            h.set("Content-Type", "multipart/form-data; boundary=" + boundary);
        } else if (!formFields.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (String[] f : formFields) {
                sb.append(sb.isEmpty() ? "" : "&").append(enc(f[0])).append('=').append(enc(f[1]));
            }
            content = sb.toString().getBytes(StandardCharsets.UTF_8);
            h.set("Content-Type", "application/x-www-form-urlencoded");
        }
        if (content.length > 0 && !h.contains("Content-Length")) {
            h.set("Content-Length", Integer.toString(content.length));
        }
        if (!h.contains("Host")) {
            h.set("Host", host);
        }
        return new MemoryExchange(method, path, query, scheme, host, h, content, remoteAddr);
    }

    private byte[] multipart(String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] f : formFields) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1] + "\r\n");
        }
        for (FilePart p : files) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.field() + "\"; filename=\""
                    + p.filename() + "\"\r\nContent-Type: " + p.contentType() + "\r\n\r\n");
            out.writeBytes(p.content());
            write(out, "\r\n");
        }
        write(out, "--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "<TestRequest " + method + " " + target() + ">";
    }

    /** An exchange served in memory: the body from a byte array, the response into one. */
    static final class MemoryExchange implements ServerExchange {
        private final String method;
        private final String path;
        private final String query;
        private final String scheme;
        private final String host;
        private final Headers headers;
        private final byte[] body;
        private final String remote;
        int status;
        Headers responseHeaders;
        final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();

        MemoryExchange(String method, String path, String query, String scheme, String host, Headers headers,
                       byte[] body, String remote) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.scheme = scheme;
            this.host = host;
            this.headers = headers;
            this.body = body;
            this.remote = remote;
        }

        @Override public String method() { return method; }
        @Override public String rawPath() { return path; }
        @Override public String rawQuery() { return query; }
        @Override public String scheme() { return scheme; }
        @Override public String host() { return headers.get("Host", host); }
        @Override public Headers headers() { return headers; }
        @Override public InputStream body() { return new java.io.ByteArrayInputStream(body); }
        @Override public String remoteAddress() { return remote; }

        @Override
        public OutputStream respond(int newStatus, Headers newHeaders, long contentLength) {
            if (responseHeaders != null) {
                throw new IllegalStateException("respond called twice");
            }
            this.status = newStatus;
            this.responseHeaders = newHeaders.copy();
            if (contentLength >= 0 && !responseHeaders.contains("Content-Length")) {
                responseHeaders.set("Content-Length", Long.toString(contentLength));
            }
            return responseBody;
        }
    }
}
