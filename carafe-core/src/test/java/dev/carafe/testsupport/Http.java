package dev.carafe.testsupport;

import dev.carafe.spi.RunningServer;
import dev.carafe.spi.ServerExchange;
import dev.carafe.testing.TestRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The JDK's HTTP client, set up for tests: HTTP/1.1, no redirects followed, bounded waits. */
public final class Http implements AutoCloseable {
    /** Headers the JDK client sets itself and refuses to take from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Returns the client, for requests the methods below do not cover (streamed bodies, async sends). */
    public HttpClient client() {
        return client;
    }

    /** Sends a GET for {@code pathAndQuery} and returns the response with a text body. */
    public HttpResponse<String> get(RunningServer server, String pathAndQuery) throws IOException, InterruptedException {
        return client.send(request(server, pathAndQuery).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Returns a request builder for {@code pathAndQuery} on {@code server}, with a 30 s timeout. */
    public HttpRequest.Builder request(RunningServer server, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    /** Sends what {@code request} describes (method, target, headers, body) over the network. */
    public HttpResponse<String> send(RunningServer server, TestRequest request) throws IOException, InterruptedException {
        ServerExchange exchange = request.toExchange();
        byte[] body = exchange.body().readAllBytes();
        HttpRequest.Builder b = request(server, request.target()).method(exchange.method(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, String> h : exchange.headers()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                b.header(h.getKey(), h.getValue());
            }
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
    }
}
