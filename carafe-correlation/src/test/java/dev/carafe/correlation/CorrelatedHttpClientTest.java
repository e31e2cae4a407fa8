package dev.carafe.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.Globals;
import dev.carafe.testing.TestRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outgoing calls through {@link CorrelatedHttpClient}, received by a real HTTP server on
 * loopback (the JDK's), which answers with the headers it got.
 */
class CorrelatedHttpClientTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";

    private HttpServer downstream;
    private URI echo;
    private HttpClient http;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startDownstream() throws IOException {
        downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/echo", exchange -> {
            // One "name: value" line per correlation-related header the call carried.
            Map<String, String> seen = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.equals("x-request-id") || lower.equals("traceparent") || lower.equals("x-trace")) {
                    seen.put(lower, String.join(",", values));
                }
            });
            byte[] body = seen.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        downstream.start();
        echo = URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/echo");
        http = CorrelatedHttpClient.wrap(HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        downstream.stop(0);
        http.close();
        pool.shutdownNow();
    }

    private String call() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(echo).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private Carafe gateway() {
        Carafe app = Carafe.create("gateway", Config.builder().set(Config.TESTING, true).build());
        Correlation.install(app);
        app.get("/", this::call);
        return app;
    }

    @Test
    void aCallMadeInARequestCarriesItsId() {
        Carafe app = gateway();

        String seen = app.testClient().send(TestRequest.get("/").header("X-Request-ID", "abc-123")).text();

        assertThat(seen).isEqualTo("{x-request-id=abc-123}");
    }

    @Test
    void aRequestThatCameWithATraceparentPassesOnAChildOfIt() {
        Carafe app = gateway();

        String seen = app.testClient().send(TestRequest.get("/")
                .header("traceparent", "00-" + TRACE + "-" + SPAN + "-01")).text();

        assertThat(seen).startsWith("{traceparent=00-" + TRACE + "-").endsWith("-01, x-request-id=" + TRACE + "}");
        String childSpan = seen.substring(seen.indexOf(TRACE) + TRACE.length() + 1, seen.indexOf(TRACE) + TRACE.length() + 17);
        assertThat(childSpan).matches("[0-9a-f]{16}").isNotEqualTo(SPAN);
    }

    @Test
    void aGeneratedIdIsPassedOnWithNoTraceparent() {
        Carafe app = gateway();

        var response = app.testClient().get("/");

        assertThat(response.text()).isEqualTo("{x-request-id=" + response.header("X-Request-ID").orElseThrow() + "}");
    }

    @Test
    void sendAsyncCarriesTheIdOfTheThreadThatCalledIt() {
        Carafe app = gateway();
        app.get("/async", () -> http.sendAsync(HttpRequest.newBuilder(echo).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpResponse::body).get(10, TimeUnit.SECONDS));

        assertThat(app.testClient().send(TestRequest.get("/async").header("X-Request-ID", "async-1")).text())
                .isEqualTo("{x-request-id=async-1}");
    }

    @Test
    void aCopyOfTheRequestInAnotherThreadSendsTheSameId() {
        Carafe app = gateway();
        app.get("/bg", () -> {
            Context copy = Globals.copyContext();
            return pool.submit(() -> copy.call(this::call)).get(10, TimeUnit.SECONDS);
        });

        assertThat(app.testClient().send(TestRequest.get("/bg").header("X-Request-ID", "bg-2")).text())
                .isEqualTo("{x-request-id=bg-2}");
    }

    @Test
    void aJobsCallsCarryTheJobsId() throws Exception {
        Carafe app = gateway();

        assertThat(Correlation.call(app, "job-9", this::call)).isEqualTo("{x-request-id=job-9}");
    }

    @Test
    void outsideAnyContextTheRequestGoesOutUnchanged() throws Exception {
        assertThat(call()).isEqualTo("{}");
    }

    @Test
    void aHeaderSetAtTheCallSiteIsLeftAlone() {
        Carafe app = gateway();
        app.get("/own", () -> http.send(HttpRequest.newBuilder(echo).header("X-Request-ID", "chosen-here").build(),
                HttpResponse.BodyHandlers.ofString()).body());

        assertThat(app.testClient().send(TestRequest.get("/own").header("X-Request-ID", "incoming")).text())
                .isEqualTo("{x-request-id=chosen-here}");
    }

    @Test
    void theOutgoingHeaderIsConfigurable() {
        Carafe app = Carafe.create("custom", Config.builder().set(Config.TESTING, true).build());
        Correlation.builder().outgoingHeader("X-Trace").install(app);
        app.get("/", this::call);

        assertThat(app.testClient().send(TestRequest.get("/").header("X-Request-ID", "cfg")).text())
                .isEqualTo("{x-trace=cfg}");
    }

    @Test
    void outgoingHeadersGivesTheSameHeadersForOtherClients() {
        Carafe app = gateway();
        app.get("/headers", () -> new TreeMap<>(Correlation.outgoingHeaders()).toString());

        String headers = app.testClient().send(TestRequest.get("/headers").header("X-Request-ID", "other")
                .header("traceparent", "00-" + TRACE + "-" + SPAN + "-00")).text();

        assertThat(headers).startsWith("{X-Request-ID=other, traceparent=00-" + TRACE + "-").endsWith("-00}");
    }

    @Test
    void wrappingTwiceWrapsOnce() {
        assertThat(CorrelatedHttpClient.wrap(http)).isSameAs(http);
        assertThat(List.of(http.version(), http.followRedirects()))
                .containsExactly(HttpClient.Version.HTTP_2, HttpClient.Redirect.NEVER);
    }
}
