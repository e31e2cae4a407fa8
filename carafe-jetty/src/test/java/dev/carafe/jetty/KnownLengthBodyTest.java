package dev.carafe.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.ClientGoneException;
import dev.carafe.Globals;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bodies whose length is known before they are sent (bytes and strings), which the adapter hands
 * to Jetty in one write: they arrive whole with their {@code Content-Length}, whatever their size,
 * and a client that leaves during one is seen as gone, as with a streamed body.
 */
class KnownLengthBodyTest {
    /** Larger than Jetty's output buffer and than what the loopback socket buffers hold. */
    private static final int LARGE = 64 * 1024 * 1024;

    private final List<Outcome> teardowns = new CopyOnWriteArrayList<>();
    private final CountDownLatch tornDown = new CountDownLatch(1);

    private Carafe app() {
        Carafe app = Carafe.create("known-length");
        app.teardownRequest(o -> {
            teardowns.add(o);
            tornDown.countDown();
        });
        return app;
    }

    private static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 13));
        }
        return b;
    }

    @Test
    void aLargeByteBodyArrivesWholeWithItsLengthAndTheConnectionServesTheNextRequest() throws Exception {
        byte[] large = pattern(LARGE);
        Carafe app = app();
        app.get("/large", () -> Response.bytes(large, "application/octet-stream"));
        app.get("/small", () -> "small");
        try (RunningServer server = app.start("127.0.0.1", 0); RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String head = raw.readHead();
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + LARGE)
                    .doesNotContainIgnoringCase("Transfer-Encoding");
            InputStream in = raw.input();
            assertThat(Arrays.equals(in.readNBytes(LARGE), large)).as("the body, byte for byte").isTrue();

            RawHttp.Reply next = raw.send("GET /small HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.header("Content-Length")).isEqualTo("5");
            assertThat(next.body()).isEqualTo("small");
        }
        assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(teardowns).first().isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aClientThatDisconnectsDuringALargeByteBodyGetsTeardownOnceWithClientGoneAndLeavesNoContext()
            throws Exception {
        byte[] large = pattern(LARGE);
        Carafe app = app();
        app.get("/large", () -> Response.bytes(large, "application/octet-stream"));
        try (LogCapture serverLog = LogCapture.of(JettyServer.LOGGER, Level.INFO);
             RunningServer server = app.start("127.0.0.1", 0)) {
            RawHttp client = new RawHttp(server.port());
            client.send("GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(client.readHead()).startsWith("HTTP/1.1 200").contains("Content-Length: " + LARGE);
            client.reset();

            assertThat(tornDown.await(20, TimeUnit.SECONDS)).as("teardown after the client went away").isTrue();
            assertThat(serverLog.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        }
        assertThat(teardowns).singleElement().isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(f.exception()).isInstanceOf(ClientGoneException.class)
                        .hasMessage("The client went away before the response to GET /large was complete."));
        assertThat(Globals.hasAppContext()).isFalse();
    }

    @Test
    void responsesWithoutABodyEndAtTheirHeadAndKeepTheConnection() throws Exception {
        Carafe app = app();
        app.get("/none", () -> Response.empty(204));
        app.get("/empty", () -> "");
        app.get("/text", () -> "twelve bytes");
        try (RunningServer server = app.start("127.0.0.1", 0); RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Reply none = raw.send("GET /none HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertThat(none.status()).isEqualTo(204);
            assertThat(none.header("Content-Length")).isNull();
            assertThat(none.header("Transfer-Encoding")).isNull();

            RawHttp.Reply empty = raw.send("GET /empty HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.header("Content-Length")).isEqualTo("0");
            assertThat(empty.body()).isEmpty();

            String head = raw.send("HEAD /text HTTP/1.1\r\nHost: localhost\r\n\r\n").readHead();
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 12");

            RawHttp.Reply text = raw.send("GET /text HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertThat(text.body()).isEqualTo("twelve bytes");
        }
    }
}
