package dev.carafe.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Outcome;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: stop accepting, let requests in flight finish up to SHUTDOWN_TIMEOUT, then stop. */
class ShutdownTest {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private final CountDownLatch inHandler = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Outcome> teardowns = new CopyOnWriteArrayList<>();

    private Carafe slowApp(Duration shutdownTimeout) {
        Carafe app = Carafe.create("slow", Config.builder().set(Config.SHUTDOWN_TIMEOUT, shutdownTimeout).build());
        app.get("/slow", () -> {
            inHandler.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return "finished";
        });
        app.teardownRequest(teardowns::add);
        return app;
    }

    @Test
    void closeStopsAcceptingThenLetsTheRequestInFlightFinish() throws Exception {
        RunningServer server = slowApp(Duration.ofSeconds(30)).start("127.0.0.1", 0);
        int port = server.port();
        CompletableFuture<HttpResponse<String>> inFlight = HTTP.client().sendAsync(HTTP.request(server, "/slow").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        awaitRefused(port);
        assertThat(closing).as("close waits for the request in flight").isNotDone();

        release.countDown();
        HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        closing.get(30, TimeUnit.SECONDS);
        assertThat(teardowns).containsExactly(Outcome.COMPLETED);
    }

    @Test
    void aRequestStillRunningAfterTheShutdownTimeoutDoesNotHoldTheStopForever() throws Exception {
        try (LogCapture log = LogCapture.of(JettyServer.LOGGER, Level.INFO)) {
            RunningServer server = slowApp(Duration.ofMillis(300)).start("127.0.0.1", 0);
            CompletableFuture<HttpResponse<String>> inFlight = HTTP.client().sendAsync(
                    HTTP.request(server, "/slow").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture.runAsync(server::close).get(30, TimeUnit.SECONDS);
            assertThat(log.messages()).contains("Stopping app 'slow' on " + server.url()
                    + ": no new connections, waiting up to 300 ms for requests in flight");
            release.countDown();
            assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        }
    }

    /** Waits until connecting to {@code port} is refused: the listening socket is closed. */
    private static void awaitRefused(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(50);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("port " + port + " still accepts connections after 10 s of close()");
    }
}
