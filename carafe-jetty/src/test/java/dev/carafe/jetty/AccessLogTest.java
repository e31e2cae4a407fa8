package dev.carafe.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The access log: one line per request to the {@code dev.carafe.access} logger, when ACCESS_LOG is on. */
class AccessLogTest {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private static Carafe app(boolean accessLog) {
        Carafe app = Carafe.create("logged", Config.builder().set(Config.ACCESS_LOG, accessLog).build());
        app.get("/hello", () -> "hi");
        return app;
    }

    @Test
    void withAccessLogOnEachRequestIsOneLine() throws Exception {
        try (LogCapture access = LogCapture.of(JettyServer.ACCESS_LOGGER, Level.INFO);
             RunningServer server = app(true).start("127.0.0.1", 0)) {
            HTTP.get(server, "/hello");
            HTTP.get(server, "/missing");
            // Jetty logs an exchange when it completes, which can be after the client has the response
            // and even after close() returned: wait for the lines, then check that no others came.
            access.awaitMessages(2);
            server.close();
            assertThat(access.messages()).satisfiesExactlyInAnyOrder(
                    hello -> assertThat(hello).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /hello HTTP/1\\.1\" 200 2 \"\""
                            + " \"Java-http-client/[0-9.]+\""),
                    missing -> assertThat(missing).contains("\"GET /missing HTTP/1.1\" 404"));
        }
    }

    @Test
    void theAccessLogIsOffByDefault() throws Exception {
        assertThat(Config.defaults().get(Config.ACCESS_LOG)).isFalse();
        try (LogCapture access = LogCapture.of(JettyServer.ACCESS_LOGGER, Level.INFO);
             RunningServer server = app(false).start("127.0.0.1", 0)) {
            HTTP.get(server, "/hello");
            server.close();
            assertThat(access.messages()).isEmpty();
        }
    }
}
