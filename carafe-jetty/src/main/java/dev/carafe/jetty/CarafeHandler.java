package dev.carafe.jetty;

import dev.carafe.Carafe;
import dev.carafe.Globals;
import dev.carafe.spi.Dispatch;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler that runs each request through the app: one {@link Dispatch#handle} call
 * per request, on the virtual thread Jetty gives to blocking handlers.
 *
 * <p>{@code Dispatch.handle} returns only when the response, a streamed body too, is written and
 * teardown has run; so the context lives exactly as long as the body, and this thread is the one
 * that finds a client gone. Then Jetty's callback is completed, or failed when the body could not
 * be sent whole, so that Jetty closes the connection instead of pretending it was.
 */
final class CarafeHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(JettyServer.LOGGER);

    private final Carafe app;

    CarafeHandler(Carafe app) {
        super(InvocationType.BLOCKING);
        this.app = app;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        JettyExchange exchange = new JettyExchange(request, response);
        try {
            Dispatch.handle(app, exchange);
        } catch (Throwable e) {
            // Propagate mode, or a failing got-request-exception receiver: nothing answered, so we do.
            LOG.error("Unhandled exception on {} {} escaped the app (TESTING or PROPAGATE_EXCEPTIONS is on, or a"
                    + " got-request-exception receiver failed); answered with a bare 500", request.getMethod(),
                    exchange.rawPath(), e);
            answerBare500(response, callback, e);
            return true;
        } finally {
            checkNoContextLeft(request);
        }
        Throwable failure = exchange.failure();
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        return true;
    }

    private static void answerBare500(Response response, Callback callback, Throwable cause) {
        if (response.isCommitted()) {
            callback.failed(cause);
            return;
        }
        response.reset();
        response.setStatus(500);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        callback.succeeded();
    }

    /**
     * Guards the rule that nothing outlives a request: a keep-alive connection may run its next
     * request on this same thread, which must not find this request's context.
     */
    private static void checkNoContextLeft(Request request) {
        if (Globals.hasAppContext()) {
            LOG.error("A context was still current on thread {} after {} {} ended; this is a bug in Carafe or in code"
                    + " that pushed a context without closing it", Thread.currentThread(), request.getMethod(),
                    request.getHttpURI().getPath());
        }
    }
}
