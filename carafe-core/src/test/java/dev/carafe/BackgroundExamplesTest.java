package dev.carafe;

import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples of {@code docs/background-work.md}, each run and checked. */
class BackgroundExamplesTest {
    static final Key<Db> DB = Key.of("db", Db.class);

    /** Stands in for a database connection: records when it is opened and closed. */
    record Db(int number, BlockingQueue<String> log) implements AutoCloseable {
        void insert(String row) {
            log.add("db" + number + " insert " + row + " by " + currentApp().name());
        }

        @Override
        public void close() {
            log.add("db" + number + " closed");
        }
    }

    private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private int opened;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Carafe app(String name) {
        return Carafe.create(name, Config.builder().set(Config.SECRET_KEY, "examples").build());
    }

    private synchronized Db open() {
        return new Db(++opened, log);
    }

    /** The seeds' get_db(): one connection per context, closed when that context ends. */
    private Db db() {
        return g().resource(DB, this::open);
    }

    private String next() throws InterruptedException {
        String line = log.poll(10, TimeUnit.SECONDS);
        assertThat(line).as("the background work logged").isNotNull();
        return line;
    }

    @Test
    void aSignupSendsItsWelcomeMailFromAPool() throws Exception {
        Carafe app = app("shop");
        ExecutorService mailers = Background.executor(pool);   // copies the context at each submit
        app.post("/signup", () -> {
            String email = request().form().get("email", "");
            session().put("email", email);
            mailers.submit(() -> log.add("mail to " + session().get("email").orElseThrow()
                    + ", signed up from " + request().remoteAddr()));
            return "Check your inbox.";
        });

        String page = app.testClient().send(TestRequest.post("/signup").form("email", "ada@example.com")).text();

        assertThat(page).isEqualTo("Check your inbox.");
        assertThat(next()).isEqualTo("mail to ada@example.com, signed up from 127.0.0.1");
    }

    @Test
    void aWrappedRunnableRunsOnItsOwnThreadInACopy() throws Exception {
        Carafe app = app("audit");
        app.delete("/items/<int:id>", () -> {
            Thread.ofVirtual().start(Background.wrap(() ->
                    log.add("audit: " + request().method() + " " + request().path())));
            return Response.empty(204);
        });

        assertThat(app.testClient().send(TestRequest.of("DELETE", "/items/7")).status()).isEqualTo(204);
        assertThat(next()).isEqualTo("audit: DELETE /items/7");
    }

    @Test
    void aCopyOpensAndClosesItsOwnConnection() throws Exception {
        Carafe app = app("orders");
        app.post("/orders", () -> {
            db().insert("order");
            Background.runAsync(() -> db().insert("receipt"));   // a copy: its own g, so its own connection
            return "ordered";
        });

        app.testClient().post("/orders");

        List<String> lines = List.of(next(), next(), next(), next());
        assertThat(lines).containsExactlyInAnyOrder("db1 insert order by orders", "db1 closed",
                "db2 insert receipt by orders", "db2 closed");
        assertThat(lines.indexOf("db2 insert receipt by orders")).isLessThan(lines.indexOf("db2 closed"));
    }

    @Test
    void continuationStagesKeepTheContext() {
        Carafe app = app("quotes");
        Map<String, Integer> prices = Map.of("tea", 4);
        app.get("/quote/<sku>", () -> Background.supplyAsync(() -> prices.get(request().pathParam("sku")))
                .thenApplyAsync(price -> price + " " + request().args().get("currency", "EUR"))
                .join());

        assertThat(app.testClient().get("/quote/tea?currency=CHF").text()).isEqualTo("4 CHF");
    }

    @Test
    void readTheBodyInTheHandlerBeforeHandingItOver() throws Exception {
        Carafe app = app("import");
        app.post("/import", () -> {
            JsonNode rows = request().json();   // read it here: once the response is sent, an unread body is gone
            Background.runAsync(() -> log.add("importing " + rows.size() + " rows, again: " + request().json().size()));
            return Response.text("importing").status(202);
        });

        app.testClient().send(TestRequest.post("/import").json(List.of("a", "b", "c")));

        assertThat(next()).isEqualTo("importing 3 rows, again: 3");
    }

    @Test
    void anUploadedFileStaysUntilTheLastCopyEnds() throws Exception {
        Carafe app = app("avatars");
        app.post("/avatar", () -> {
            UploadedFile file = request().files().get("avatar").getFirst();
            Background.runAsync(() -> {
                try {
                    log.add("thumbnail of " + file.bytes().length + " bytes");   // readable even after the response
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return "uploaded";
        });

        TestClient client = app.testClient();
        client.send(TestRequest.post("/avatar").file("avatar", "me.png", "image/png",
                "not really a png".getBytes(StandardCharsets.UTF_8)));

        assertThat(next()).isEqualTo("thumbnail of 16 bytes");
    }

    @Test
    void subtasksShareTheRequestsContextUnlessWrapped() {
        Carafe app = app("dashboard");
        app.get("/dashboard", () -> {
            g().set(Key.of("user", String.class), "ada");
            try (var scope = StructuredTaskScope.open()) {
                var shared = scope.fork(() -> request().path() + " for " + g().require(Key.of("user", String.class)));
                var own = scope.fork(Background.wrapCallable(() -> "own g empty: " + g().keys().isEmpty()));
                scope.join();
                return shared.get() + "; " + own.get();
            }
        });

        assertThat(app.testClient().get("/dashboard").text()).isEqualTo("/dashboard for ada; own g empty: true");
    }
}
