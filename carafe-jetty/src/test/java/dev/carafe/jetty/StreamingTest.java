package dev.carafe.jetty;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.ClientGoneException;
import dev.carafe.Globals;
import dev.carafe.Key;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Streamed bodies on the real server: the context lives as long as the body, teardown runs once. */
class StreamingTest {
    private static final Http HTTP = new Http();
    private static final Key<String> USER = Key.of("user", String.class);

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private final List<Outcome> teardowns = new CopyOnWriteArrayList<>();
    private final AtomicInteger appTeardowns = new AtomicInteger();
    private final CountDownLatch tornDown = new CountDownLatch(1);

    private Carafe app() {
        Carafe app = Carafe.create("streaming");
        app.teardownRequest(o -> {
            teardowns.add(o);
            tornDown.countDown();
        });
        app.teardownAppContext(o -> appTeardowns.incrementAndGet());
        return app;
    }

    @Test
    void aStreamedBodySeesTheRequestAndGUntilItEndsAndTeardownRunsOnceAfterIt() throws Exception {
        Carafe app = app();
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        List<String> seenInWriter = new CopyOnWriteArrayList<>();
        app.get("/stream", () -> {
            g().set(USER, "ada");
            return Response.stream("text/plain; charset=utf-8", out -> {
                out.write(("hello " + request().args().get("name", "") + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    assertThat(firstChunkRead.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                seenInWriter.add("teardowns while streaming: " + teardowns.size());
                seenInWriter.add("thread virtual: " + Thread.currentThread().isVirtual());
                out.write(("bye " + g().require(USER) + " at " + request().path() + "\n").getBytes(StandardCharsets.UTF_8));
            });
        });
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<InputStream> r = HTTP.client().send(HTTP.request(server, "/stream?name=grace").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            try (InputStream body = r.body()) {
                byte[] first = body.readNBytes("hello grace\n".length());
                assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("hello grace\n");
                assertThat(teardowns).as("no teardown while the body is being produced").isEmpty();
                firstChunkRead.countDown();
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bye ada at /stream\n");
            }
            assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seenInWriter).containsExactly("teardowns while streaming: 0", "thread virtual: true");
        assertThat(teardowns).containsExactly(Outcome.COMPLETED);
        assertThat(appTeardowns).hasValue(1);
    }

    @Test
    void aClientThatDisconnectsMidBodyGetsTeardownOnceWithClientGoneAndLeavesNoContext() throws Exception {
        Carafe app = app();
        CountDownLatch writing = new CountDownLatch(1);
        List<Thread> writerThreads = new CopyOnWriteArrayList<>();
        app.get("/forever", () -> Response.stream("application/octet-stream", out -> {
            writerThreads.add(Thread.currentThread());
            byte[] chunk = new byte[8192];
            // Bounded: a gone client fails a write long before this; if it never does, the test fails below.
            for (int i = 0; i < 200_000; i++) {
                out.write(chunk);
                out.flush();
                writing.countDown();
            }
        }));
        try (LogCapture serverLog = LogCapture.of(JettyServer.LOGGER, Level.INFO);
             RunningServer server = app.start("127.0.0.1", 0)) {
            RawHttp client = new RawHttp(server.port());
            client.send("GET /forever HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(client.readHead()).startsWith("HTTP/1.1 200");
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            client.reset();

            assertThat(tornDown.await(20, TimeUnit.SECONDS)).as("teardown after the client went away").isTrue();
            assertThat(writerThreads).hasSize(1);
            writerThreads.getFirst().join(10_000);
            assertThat(writerThreads.getFirst().isAlive()).as("the request thread ended").isFalse();
            assertThat(serverLog.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        }
        assertThat(teardowns).hasSize(1);
        assertThat(teardowns.getFirst()).isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(f.exception()).isInstanceOf(ClientGoneException.class)
                        .hasMessage("The client went away before the response to GET /forever was complete."));
        assertThat(appTeardowns).hasValue(1);
        assertThat(Globals.hasAppContext()).isFalse();
    }

    @Test
    void aWriterThatFailsMidBodyCutsTheResponseShortAndTeardownSeesTheError() throws Exception {
        Carafe app = app();
        app.get("/broken", () -> Response.stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the data source failed");
        }));
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<InputStream> r = HTTP.client().send(HTTP.request(server, "/broken").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            try (InputStream body = r.body()) {
                assertThatThrownBy(body::readAllBytes).as("an incomplete body is an error for the client, not a short body")
                        .isInstanceOf(IOException.class);
            }
            assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(teardowns).hasSize(1);
        assertThat(teardowns.getFirst()).isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(f.exception()).isInstanceOf(IllegalStateException.class).hasMessage("the data source failed"));
        assertThat(appTeardowns).hasValue(1);
    }

    @Test
    void anEmptyStreamIsAnEmptyChunkedBody() throws Exception {
        Carafe app = app();
        app.get("/empty", () -> Response.stream("text/plain", out -> { }));
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.get(server, "/empty");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
            assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(teardowns).containsExactly(Outcome.COMPLETED);
    }
}
