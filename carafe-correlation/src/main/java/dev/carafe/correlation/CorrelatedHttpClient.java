package dev.carafe.correlation;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A JDK {@link HttpClient} that passes the current correlation id on: every request sent
 * through it carries the id (and, when the incoming request had one, a child
 * {@code traceparent}), with no code at the call site.
 * <pre>{@code
 * HttpClient http = CorrelatedHttpClient.wrap(HttpClient.newHttpClient());
 * app.get("/checkout", () -> http.send(HttpRequest.newBuilder(ordersUri).build(), ofString()).body());
 * }</pre>
 *
 * <p>The headers are those of {@link Correlation#outgoingHeaders()}, taken when
 * {@code send} or {@code sendAsync} is called, on the calling thread, so call it where the
 * request's context (or a copy of it) is current. A header the request already sets is left
 * alone. Outside any context, or in an app without correlation ids, requests go out unchanged.
 * Everything else, including closing, is the wrapped client's.
 */
public final class CorrelatedHttpClient extends HttpClient {
    private final HttpClient delegate;

    private CorrelatedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** Returns a client that sends through {@code client}, adding the correlation headers. */
    public static HttpClient wrap(HttpClient client) {
        Objects.requireNonNull(client, "client");
        return client instanceof CorrelatedHttpClient ? client : new CorrelatedHttpClient(client);
    }

    /** Returns {@code request} with the correlation headers added; the same object when there are none to add. */
    public static HttpRequest correlate(HttpRequest request) {
        Map<String, String> headers = Correlation.outgoingHeaders();
        if (headers.isEmpty()) {
            return request;
        }
        HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true);
        boolean changed = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (request.headers().firstValue(h.getKey()).isEmpty()) {
                copy.setHeader(h.getKey(), h.getValue());
                changed = true;
            }
        }
        return changed ? copy.build() : request;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(correlate(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(correlate(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(correlate(request), handler, pushPromiseHandler);
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }
    @Override public WebSocket.Builder newWebSocketBuilder() { return delegate.newWebSocketBuilder(); }
    @Override public void shutdown() { delegate.shutdown(); }
    @Override public boolean awaitTermination(Duration duration) throws InterruptedException { return delegate.awaitTermination(duration); }
    @Override public boolean isTerminated() { return delegate.isTerminated(); }
    @Override public void shutdownNow() { delegate.shutdownNow(); }
    @Override public void close() { delegate.close(); }

    @Override
    public String toString() {
        return "CorrelatedHttpClient[" + delegate + "]";
    }
}
