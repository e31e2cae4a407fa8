package dev.carafe.servlet;

import dev.carafe.Headers;
import dev.carafe.spi.ResponseBodyStream;
import dev.carafe.spi.ServerExchange;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.Map;

/**
 * One servlet request and response, as the core sees an exchange. Used by the one container
 * thread that runs {@link CarafeServlet#service}.
 */
final class ServletExchange implements ServerExchange {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Headers headers;
    private ResponseBodyStream body;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
        Headers h = new Headers();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                h.add(name, values.nextElement());
            }
        }
        this.headers = h.freeze();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    /** Returns the request URI, still encoded, below the mount point (context path and mapping prefix). */
    @Override
    public String rawPath() {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (!context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        HttpServletMapping mapping = request.getHttpServletMapping();
        if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
            String pattern = mapping.getPattern();
            String prefix = pattern.substring(0, pattern.length() - 2); // "/api/*" -> "/api"
            if (uri.startsWith(prefix)) {
                uri = uri.substring(prefix.length());
            }
        }
        return uri.isEmpty() ? "/" : uri;
    }

    @Override
    public String rawQuery() {
        String query = request.getQueryString();
        return query == null ? "" : query;
    }

    @Override
    public String scheme() {
        return request.getScheme();
    }

    @Override
    public String host() {
        String host = request.getHeader("Host");
        if (host != null && !host.isEmpty()) {
            return host;
        }
        return request.getServerName() + ":" + request.getServerPort();
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        try {
            return request.getInputStream();
        } catch (IOException e) {
            // Reported on first read, where the core turns it into a 400 like any broken body.
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    throw e;
                }
            };
        }
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public OutputStream respond(int status, Headers responseHeaders, long contentLength) throws IOException {
        if (body != null) {
            throw new IllegalStateException("respond was already called for " + request.getMethod() + " "
                    + request.getRequestURI() + "; the core sends one response per exchange");
        }
        response.setStatus(status);
        for (Map.Entry<String, String> h : responseHeaders) {
            response.addHeader(h.getKey(), h.getValue());
        }
        if (contentLength >= 0 && !responseHeaders.contains("Content-Length")) {
            response.setContentLengthLong(contentLength);
        }
        body = new ResponseBodyStream(response.getOutputStream());
        return body;
    }

    /**
     * Marks the exchange as failed after the response was started: the body stream stops
     * accepting writes and its close no longer completes the response; {@link CarafeServlet}
     * then throws, so the container closes the connection instead of finishing the response.
     */
    @Override
    public void abort(Throwable cause) {
        if (body == null) {
            throw new IllegalStateException("abort was called before respond for " + request.getMethod() + " "
                    + request.getRequestURI() + "; only a response that was started can be cut short");
        }
        body.abort(cause);
    }

    /** Returns why the response could not be completed: an abort or a failed write; null when it was. */
    Throwable failure() {
        return body == null ? null : body.failure().orElse(null);
    }
}
