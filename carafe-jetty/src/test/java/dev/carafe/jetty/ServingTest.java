package dev.carafe.jetty;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Starting, addressing and answering: app.run(), app.start(), ports, threads and connections. */
class ServingTest {
    private static final Http HTTP = new Http();
    private static final Pattern URL = Pattern.compile("on (http://[^ ]+)");

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private static Carafe hello(Config config) {
        Carafe app = Carafe.create("hello", config);
        app.get("/", () -> "Hello, World!");
        app.get("/search", () -> "Searching for: " + request().args().get("q", ""));
        return app;
    }

    @Test
    void flasksDefaultsAreLoopbackAndPortFiveThousand() {
        Config defaults = Config.defaults();
        assertThat(defaults.get(Config.SERVER_HOST)).isEqualTo("127.0.0.1");
        assertThat(defaults.get(Config.SERVER_PORT)).isEqualTo(5000);
    }

    @Test
    void startOnPortZeroBindsAFreePortAndReportsIt() throws Exception {
        try (RunningServer server = hello(Config.defaults()).start("127.0.0.1", 0)) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
            HttpResponse<String> r = HTTP.get(server, "/search?q=jetty%20stuff");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Searching for: jetty stuff");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(r.headers().firstValue("Server")).isEmpty();
        }
    }

    @Test
    void runServesOnTheHostAndPortOfTheConfigurationLoadedFromTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("CARAFE_SERVER_HOST", "127.0.0.1", "CARAFE_SERVER_PORT", "0");
        Carafe app = hello(Config.builder().loadEnv("CARAFE_", env).build());
        assertServesWhileRunning(app, app::run);
    }

    @Test
    void runWithHostAndPortArgumentsServesThere() throws Exception {
        Carafe app = hello(Config.defaults());
        assertServesWhileRunning(app, () -> app.run("127.0.0.1", 0));
    }

    /** Runs the blocking {@code run} on a thread, finds the URL in the startup line, calls it, then interrupts run. */
    private static void assertServesWhileRunning(Carafe app, Runnable run) throws Exception {
        try (LogCapture log = LogCapture.of(JettyServer.LOGGER, Level.INFO)) {
            CountDownLatch returned = new CountDownLatch(1);
            Thread runner = Thread.ofPlatform().start(() -> {
                run.run();
                returned.countDown();
            });
            String url = awaitStartupUrl(log);
            assertThat(url).startsWith("http://127.0.0.1:");
            String body = HTTP.client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).isEqualTo("Hello, World!");
            runner.interrupt();
            assertThat(returned.await(30, TimeUnit.SECONDS)).as("run() returned after an interrupt").isTrue();
            assertThat(log.messages()).filteredOn(m -> m.startsWith("Serving")).hasSize(1);
            assertThat(log.messages()).contains("Stopped app 'hello'");
        }
    }

    private static String awaitStartupUrl(LogCapture log) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            for (String m : log.messages()) {
                Matcher matcher = URL.matcher(m);
                if (m.startsWith("Serving") && matcher.find()) {
                    return matcher.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no startup line within 15 s; logged: " + log.messages());
    }

    @Test
    void startupIsOneLogLineWithTheUrl() {
        try (LogCapture log = LogCapture.of(JettyServer.LOGGER, Level.INFO);
             RunningServer server = hello(Config.defaults()).start("127.0.0.1", 0)) {
            assertThat(log.messages()).containsExactly(
                    "Serving app 'hello' on " + server.url() + " (press Ctrl-C to stop)");
        }
    }

    @Test
    void everyRequestRunsOnAVirtualThread() throws Exception {
        Carafe app = Carafe.create("threads");
        List<Thread> seen = new CopyOnWriteArrayList<>();
        app.get("/", () -> {
            seen.add(Thread.currentThread());
            return String.valueOf(Thread.currentThread().isVirtual());
        });
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            for (int i = 0; i < 3; i++) {
                assertThat(HTTP.get(server, "/").body()).isEqualTo("true");
            }
        }
        assertThat(seen).hasSize(3).allMatch(Thread::isVirtual);
    }

    @Test
    void aTakenPortFailsWithAMessageNamingThePortAndTheFix() {
        try (RunningServer first = hello(Config.defaults()).start("127.0.0.1", 0)) {
            int port = first.port();
            assertThatThrownBy(() -> hello(Config.defaults()).start("127.0.0.1", port))
                    .isInstanceOf(CarafeException.class)
                    .hasMessage("Cannot serve app 'hello' on 127.0.0.1:" + port + ": port " + port + " is already in use"
                            + " by another program. Stop that program (`lsof -i :" + port + "` shows which one) or choose"
                            + " another port: app.run(\"127.0.0.1\", " + (port + 1) + "), or SERVER_PORT=" + (port + 1)
                            + " in the configuration (CARAFE_SERVER_PORT=" + (port + 1) + " in the environment, when the"
                            + " app loads it with Config.builder().loadEnv(\"CARAFE_\")).");
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        Carafe app = Carafe.create("keepalive");
        app.get("/n/<int:n>", () -> "number " + request().pathParam("n"));
        try (RunningServer server = app.start("127.0.0.1", 0); RawHttp conn = new RawHttp(server.port())) {
            for (int i = 1; i <= 3; i++) {
                RawHttp.Reply reply = conn.send("GET /n/" + i + " HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.body()).isEqualTo("number " + i);
                assertThat(reply.header("Connection")).isNull();
            }
        }
    }

    @Test
    void closeIsIdempotent() {
        RunningServer server = hello(Config.defaults()).start("127.0.0.1", 0);
        int port = server.port();
        server.close();
        assertThatCode(server::close).as("a second close does nothing").doesNotThrowAnyException();
        try (RunningServer again = hello(Config.defaults()).start("127.0.0.1", port)) {
            assertThat(again.port()).as("the first close released the port").isEqualTo(port);
        }
    }
}
