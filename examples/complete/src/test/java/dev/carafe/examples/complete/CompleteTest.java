package dev.carafe.examples.complete;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Signal;
import dev.carafe.spi.RunningServer;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The complete example, served by Jetty on a free port and called over HTTP. */
class CompleteTest {
    @TempDir
    Path dir;

    private Path database;
    private RunningServer server;
    private HttpClient browser;
    private final List<Connection> connectionsAtPop = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> appLog = new ListAppender<>();

    @BeforeEach
    void start() {
        database = dir.resolve("database.db");
        Carafe app = Complete.create(Config.builder().declare(Complete.DATABASE)
                .set(Config.SECRET_KEY, "test secret")
                .set(Complete.DATABASE, database.toString())
                .build());
        // After each context's teardown, see what became of its connection.
        app.connect(Signal.APPCONTEXT_POPPED, e -> e.context().g().get(Complete.DB).ifPresent(connectionsAtPop::add));
        appLog.start();
        ((Logger) LoggerFactory.getLogger("complete")).addAppender(appLog);
        server = app.start("127.0.0.1", 0);
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @AfterEach
    void stop() {
        browser.close();
        server.close();
        ((Logger) LoggerFactory.getLogger("complete")).detachAppender(appLog);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIndexCountsVisitsInTheSession() throws Exception {
        assertThat(get("/").body()).contains("<p>You have visited this page 1 times</p>");
        assertThat(get("/").body()).contains("<p>You have visited this page 2 times</p>");
        assertThat(get("/").body()).contains("<p>You have visited this page 3 times</p>");
    }

    @Test
    void resettingTheCounterFlashesAMessageThatThePageShowsOnce() throws Exception {
        get("/");
        get("/");
        HttpResponse<String> reset = browser.send(HttpRequest.newBuilder(URI.create(server.url() + "/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(reset.headers().firstValue("Location")).hasValue("/");

        String page = get("/").body();
        assertThat(page).contains("<title>complete</title>")
                .contains("<p class=\"flash\">The visit counter was reset.</p>")
                .contains("<p>You have visited this page 1 times</p>")
                .contains("<form method=\"post\" action=\"/reset\">");
        assertThat(get("/").body()).doesNotContain("flash").contains("<p>You have visited this page 2 times</p>");
    }

    @Test
    void eachResponseOfTheIndexCarriesARequestId() throws Exception {
        String first = get("/").headers().firstValue("X-Request-ID").orElseThrow();
        String second = get("/").headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(first).isNotEqualTo(second).matches("[0-9a-f-]{36}");
        assertThat(get("/", "X-Request-ID", "from-the-proxy").headers().firstValue("X-Request-ID"))
                .hasValue("from-the-proxy");
    }

    @Test
    void theDatabaseIsUsedThroughGAndClosedWhenEachRequestEnds() throws Exception {
        get("/");
        get("/");
        assertThat(get("/hits").body()).isEqualTo("Pages served so far: 2");

        try (Connection check = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = check.createStatement(); ResultSet rs = s.executeQuery("SELECT path FROM hits")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("/");
        }
        server.close(); // every request's teardown has run
        assertThat(connectionsAtPop).hasSize(3).doesNotHaveDuplicates();
        for (Connection c : connectionsAtPop) {
            assertThat(c.isClosed()).as("closed by the context's teardown").isTrue();
        }
    }

    @Test
    void aRequestThatDoesNotNeedTheDatabaseNeverOpensIt() throws Exception {
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        server.close();
        assertThat(connectionsAtPop).isEmpty();
    }

    @Test
    void theBeforeRequestFunctionLogsMethodAndPath() throws Exception {
        get("/");
        get("/hits?x=1");
        assertThat(appLog.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("GET /", "GET /hits");
    }

    @Test
    void theDatabaseWorksInAnAppContextOutsideRequestsToo() throws Exception {
        Carafe app = Complete.create(Config.builder().declare(Complete.DATABASE)
                .set(Config.SECRET_KEY, "test secret").set(Complete.DATABASE, database.toString()).build());
        Connection used;
        try (var ctx = app.appContext().push()) {
            used = Complete.db();
            assertThat(Complete.db()).as("one connection per context").isSameAs(used);
            assertThat(used.isClosed()).isFalse();
        }
        assertThat(used.isClosed()).isTrue();
    }
}
