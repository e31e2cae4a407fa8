package dev.carafe.jetty;

import dev.carafe.HttpError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the errors Jetty raises before a request reaches the app: a malformed request (400),
 * a request line that is too long (414), headers that are too large (431), and requests that
 * arrive during shutdown (503).
 *
 * <p>The page is the same short HTML page the app sends for an {@link HttpError}. A request
 * rejected as malformed is logged once, on one line without a stack trace: it is the client's
 * fault, and a trace per bad request would let anyone flood the log.
 */
final class ErrorPages implements Request.Handler {
    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.LOGGER);

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
            if (http.getReason() != null) {
                reason = http.getReason();
            }
            LOG.info("Rejected a request from {}: {} {}{}", Request.getRemoteAddr(request), status,
                    HttpStatus.getMessage(status), reason == null ? "" : " (" + reason + ")");
        }
        if (status < 400 || status > 599) {
            // Not an error: Jetty's static files answer 304 Not Modified through here too.
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
            return true;
        }
        byte[] page = HttpError.of(status).toResponse().text().orElse("").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, page.length);
        response.write(true, ByteBuffer.wrap(page), callback);
        return true;
    }
}
