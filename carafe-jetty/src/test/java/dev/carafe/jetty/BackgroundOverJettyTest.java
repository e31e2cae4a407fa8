package dev.carafe.jetty;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Background;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Signal;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Background work over a real socket: the client gets the response while a copy of the
 * request's context is still running, and the copy can still read what Jetty's request holds.
 */
class BackgroundOverJettyTest {
    private static final Http HTTP = new Http();

    @Test
    void theClientGetsTheResponseWhileACopyStillRunsAndTheCopyReadsTheRequestAfterwards() throws Exception {
        Carafe app = Carafe.create("jetty-background", Config.builder().set(Config.SECRET_KEY, "k").build());
        List<String> trace = new CopyOnWriteArrayList<>();
        CountDownLatch responded = new CountDownLatch(1);
        CountDownLatch copyEnded = new CountDownLatch(1);
        app.teardownRequest(o -> trace.add("teardown_request"));
        app.connect(Signal.APPCONTEXT_POPPED, e -> {
            if (e.context().isCopy()) {
                copyEnded.countDown();
            }
        });
        app.post("/jobs", () -> {
            Background.runAsync(() -> {
                try {
                    responded.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                trace.add("copy read " + request().method() + " " + request().path() + " q=" + request().args().get("q", "")
                        + " host=" + request().host().startsWith("127.0.0.1"));
                try {
                    request().body();
                    trace.add("copy read the body");
                } catch (RuntimeException e) {
                    trace.add("copy: " + e.getMessage());
                }
            });
            return "accepted";
        });

        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/jobs?q=report")
                    .POST(HttpRequest.BodyPublishers.ofString("unread")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("accepted");
            assertThat(trace).as("nothing of the copy ran before the response").doesNotContain("copy read POST /jobs q=report host=true");
            responded.countDown();
            assertThat(copyEnded.await(10, TimeUnit.SECONDS)).isTrue();
        }

        // Jetty may send the response before the request's teardown ends, so only the copy's lines are ordered.
        assertThat(trace).containsOnlyOnce("teardown_request");
        assertThat(trace.stream().filter(line -> line.startsWith("copy"))).containsExactly("copy read POST /jobs q=report host=true",
                "copy: Cannot read the request body: the response was already sent and nobody read the body before,"
                        + " so it is gone. Read it in the handler (request().body(), form(), json()) before starting"
                        + " background work.");
    }
}
