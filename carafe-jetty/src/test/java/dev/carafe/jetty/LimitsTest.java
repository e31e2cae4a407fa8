package dev.carafe.jetty;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Requests too large or malformed get a clear 4xx, from the app (413) or from Jetty (400, 414, 431). */
class LimitsTest {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private RunningServer server;

    @BeforeEach
    void start() {
        Carafe app = Carafe.create("limits", Config.builder().set(Config.MAX_CONTENT_LENGTH, 1024L).build());
        app.post("/upload", () -> "got " + request().body().length + " bytes");
        app.get("/", () -> "ok");
        server = app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBodyOverMaxContentLengthGets413() throws Exception {
        HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("<h1>Request Entity Too Large</h1>")
                .contains("The request body is 4096 bytes; the limit is 1024 bytes (MAX_CONTENT_LENGTH).");
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws Exception {
        HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("got 1024 bytes");
    }

    @Test
    void aHugeDeclaredContentLengthGets413WithoutTheBodyBeingRead() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Reply reply = raw.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 107374182400\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\nthe first few bytes of a hundred gigabytes").read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("The request body is 107374182400 bytes; the limit is 1024 bytes");
            assertThat(raw.closedByServer()).as("the connection is closed rather than the body drained").isTrue();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String chunk = "x".repeat(1000);
            RawHttp.Reply reply = raw.send("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3e8\r\n" + chunk + "\r\n3e8\r\n" + chunk + "\r\n0\r\n\r\n").read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("larger than the limit of 1024 bytes (MAX_CONTENT_LENGTH)");
        }
    }

    @Test
    void aUriLongerThanTheHeaderBufferGets414() throws Exception {
        HttpResponse<String> r = HTTP.get(server, "/" + "a".repeat(10_000));
        assertThat(r.statusCode()).isEqualTo(414);
        assertThat(r.body()).contains("<h1>Request-URI Too Long</h1>");
    }

    @Test
    void headersLargerThan8KiBGet431() throws Exception {
        HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/").header("X-Big", "b".repeat(10_000)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(r.body()).contains("<h1>Request Header Fields Too Large</h1>");
    }

    @Test
    void malformedHttpGets400AndIsLoggedOnceWithoutAStackTrace() throws Exception {
        try (LogCapture all = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.INFO);
             RawHttp raw = new RawHttp(server.port())) {
            RawHttp.Reply reply = raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nThis line has no colon\r\n\r\n").read();
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("<h1>Bad Request</h1>");
            List<ILoggingEvent> events = all.events();
            assertThat(events).hasSize(1);
            assertThat(events.getFirst().getLoggerName()).isEqualTo("dev.carafe.server");
            assertThat(events.getFirst().getFormattedMessage())
                    .isEqualTo("Rejected a request from 127.0.0.1: 400 Bad Request (Illegal character SPACE=' ')");
            assertThat(events.getFirst().getThrowableProxy()).isNull();
        }
    }

    @Test
    void otherMalformedRequestsGet400() throws Exception {
        for (String bad : List.of(
                "GET /a b c HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "G(T / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: ten\r\n\r\n",
                "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                "GET / HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n\r\n")) {
            try (RawHttp raw = new RawHttp(server.port())) {
                assertThat(raw.send(bad).read().status()).as(bad).isEqualTo(400);
            }
        }
    }

    @Test
    void theServerStillAnswersAfterRejectingBadRequests() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nBad\u0001Header: x\r\n\r\n").read();
        }
        assertThat(HTTP.get(server, "/").body()).isEqualTo("ok");
    }
}
