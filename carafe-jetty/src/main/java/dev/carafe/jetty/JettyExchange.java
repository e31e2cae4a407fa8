package dev.carafe.jetty;

import dev.carafe.Headers;
import dev.carafe.spi.ResponseBodyStream;
import dev.carafe.spi.ServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;

/**
 * One Jetty request and response, as the core sees an exchange.
 *
 * <p>Used by the single virtual thread that handles the request. The body stream it returns
 * records the first write failure, so {@link CarafeHandler} can end the exchange as failed
 * instead of completing it.
 */
final class JettyExchange implements ServerExchange {
    private final Request request;
    private final Response response;
    private final Headers headers;
    private ResponseBodyStream body;

    JettyExchange(Request request, Response response) {
        this.request = request;
        this.response = response;
        Headers h = new Headers();
        for (HttpField field : request.getHeaders()) {
            h.add(field.getName(), field.getValue());
        }
        this.headers = h.freeze();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        String path = request.getHttpURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    @Override
    public String rawQuery() {
        String query = request.getHttpURI().getQuery();
        return query == null ? "" : query;
    }

    @Override
    public String scheme() {
        return request.isSecure() ? "https" : "http";
    }

    @Override
    public String host() {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null && !host.isEmpty()) {
            return host;
        }
        HttpURI uri = request.getHttpURI();
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            return uri.getAuthority();
        }
        // HTTP/1.0 without Host: the address the client connected to.
        return Request.getServerName(request) + ":" + Request.getServerPort(request);
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return Request.asInputStream(request);
    }

    @Override
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public OutputStream respond(int status, Headers responseHeaders, long contentLength) throws IOException {
        if (body != null) {
            throw new IllegalStateException("respond was already called for " + request.getMethod() + " "
                    + rawPath() + "; the core sends one response per exchange");
        }
        response.setStatus(status);
        HttpFields.Mutable out = response.getHeaders();
        for (Map.Entry<String, String> h : responseHeaders) {
            out.add(h.getKey(), h.getValue());
        }
        if (contentLength >= 0 && !responseHeaders.contains("Content-Length")) {
            out.put(HttpHeader.CONTENT_LENGTH, contentLength);
        }
        body = new ResponseBodyStream(new BodyStream(request, response, contentLength));
        return body;
    }

    /**
     * Marks the exchange as failed after the response was started: the body stream stops
     * accepting writes and its close no longer completes the response; {@link CarafeHandler}
     * then fails Jetty's callback, which closes the connection without the last chunk.
     */
    @Override
    public void abort(Throwable cause) {
        if (body == null) {
            throw new IllegalStateException("abort was called before respond for " + request.getMethod() + " "
                    + rawPath() + "; only a response that was started can be cut short");
        }
        body.abort(cause);
    }

    /** Returns why the response could not be completed: an abort or a failed write; null when it was. */
    Throwable failure() {
        return body == null ? null : body.failure().orElse(null);
    }

    /**
     * The body's way into Jetty. A body of known length written in one call (the core writes a
     * byte or string body so) goes out as Jetty's last write of the caller's array, as a bare
     * Jetty handler answers: no pooled buffer, no copy, and no second write to end the response.
     * Anything else, a streamed body, goes through Jetty's buffered stream, made on first use.
     * A response with no body (HEAD, 204, 304, an empty body) is ended by one empty last write,
     * which is what closing the buffered stream would do.
     *
     * <p>Every write blocks the request's virtual thread until Jetty is done with the bytes, so the
     * caller's array is never read after the write returns. A failed write throws the
     * {@link IOException} {@link ResponseBodyStream} records.
     */
    private static final class BodyStream extends OutputStream {
        private final Request request;
        private final Response response;
        private final long contentLength;
        private OutputStream buffered;
        private boolean ended; // the last write was made: the response is complete, or failed

        BodyStream(Request request, Response response, long contentLength) {
            this.request = request;
            this.response = response;
            this.contentLength = contentLength;
        }

        @Override
        public void write(int b) throws IOException {
            buffered().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (buffered == null && !ended && len > 0 && len == contentLength) {
                ended = true;
                writeLast(ByteBuffer.wrap(b, off, len));
                return;
            }
            buffered().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!ended) { // an ended response has nothing left to flush
                buffered().flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            if (buffered != null) {
                buffered.close();
            } else {
                writeLast(BufferUtil.EMPTY_BUFFER);
            }
        }

        private OutputStream buffered() throws IOException {
            if (ended) {
                throw new IOException("the response to " + request.getMethod() + " " + request.getHttpURI().getPath()
                        + " was already ended; nothing more can be written to it");
            }
            if (buffered == null) {
                buffered = Response.asBufferedOutputStream(request, response);
            }
            return buffered;
        }

        private void writeLast(ByteBuffer content) throws IOException {
            try (Blocker.Callback callback = Blocker.callback()) {
                response.write(true, content, callback);
                callback.block();
            }
        }
    }

}
