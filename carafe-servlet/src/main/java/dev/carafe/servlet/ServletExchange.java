package dev.carafe.servlet;

import dev.carafe.Headers;
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
    private BodyStream body;
    private Throwable aborted;

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
        body = new BodyStream(response.getOutputStream());
        return body;
    }

    @Override
    public void abort(Throwable cause) {
        if (aborted == null) {
            aborted = cause;
        }
    }

    /** Returns why the response could not be completed: an abort or a failed write; null when it was. */
    Throwable failure() {
        if (aborted != null) {
            return aborted;
        }
        return body == null ? null : body.failure;
    }

    /**
     * The servlet output stream, remembering the first failure; after one, closing does not
     * complete the response. Not a {@code FilterOutputStream}, which writes arrays byte by byte.
     */
    private final class BodyStream extends OutputStream {
        private final OutputStream out;
        private IOException failure;

        BodyStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            check();
            try {
                out.write(b);
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void flush() throws IOException {
            check();
            try {
                out.flush();
            } catch (IOException e) {
                throw fail(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (aborted != null || failure != null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                throw fail(e);
            }
        }

        private void check() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (aborted != null) {
                throw new IOException("the response was aborted", aborted);
            }
        }

        private IOException fail(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
