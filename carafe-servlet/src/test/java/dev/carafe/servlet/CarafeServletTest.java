package dev.carafe.servlet;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.ClientGoneException;
import dev.carafe.Config;
import dev.carafe.Globals;
import dev.carafe.Key;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import jakarta.servlet.annotation.WebServlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** CarafeServlet inside a real servlet container: requests, mounting, streaming, disconnects and errors. */
class CarafeServletTest {
    private static final Http HTTP = new Http();
    private static final Key<String> USER = Key.of("user", String.class);

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    private final List<Outcome> teardowns = new CopyOnWriteArrayList<>();
    private final AtomicInteger appTeardowns = new AtomicInteger();
    private final CountDownLatch tornDown = new CountDownLatch(1);

    private Carafe app(Config config) {
        Carafe app = Carafe.create("shop", config);
        app.get("/", () -> "Hello, World!");
        app.get("/search", () -> "Searching for: " + request().args().get("q", ""));
        app.get("/items/<name>", "item", () -> "item " + request().pathParam("name") + " at " + request().url()
                + " link " + Globals.urlFor("item", "name", "b"));
        app.post("/upload", () -> "got " + request().body().length + " bytes");
        app.teardownRequest(o -> {
            teardowns.add(o);
            tornDown.countDown();
        });
        app.teardownAppContext(o -> appTeardowns.incrementAndGet());
        return app;
    }

    @Test
    void theSeedsHelloAppAnswersThroughTheServlet() throws Exception {
        try (Container container = Container.deploy(app(Config.defaults()))) {
            HttpResponse<String> hello = HTTP.get(container, "/");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello, World!");
            assertThat(hello.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
            assertThat(HTTP.get(container, "/search?q=servlet%20containers").body())
                    .isEqualTo("Searching for: servlet containers");
            assertThat(HTTP.get(container, "/missing").statusCode()).isEqualTo(404);
        }
    }

    /** The app of {@link ShopServlet}. */
    static Carafe shop() {
        Carafe app = Carafe.create("shop");
        app.get("/", () -> "made by the container");
        return app;
    }

    /** How a WAR deploys an app: a subclass the container creates from its class name. */
    @WebServlet("/*")
    public static class ShopServlet extends CarafeServlet {
        private static final long serialVersionUID = 1L;

        public ShopServlet() {
            super(shop());
        }
    }

    @Test
    void aSubclassWithANoArgumentConstructorIsCreatedByTheContainer() throws Exception {
        try (Container container = Container.deploy(ShopServlet.class)) {
            assertThat(HTTP.get(container, "/").body()).isEqualTo("made by the container");
        }
    }

    @Test
    void underAContextPathAndAPathMappingRoutesSeeThePathBelowTheMount() throws Exception {
        Carafe app = app(Config.builder().set(Config.APPLICATION_ROOT, "/shop/api").build());
        try (LogCapture log = LogCapture.of("dev.carafe.servlet", Level.INFO);
             Container container = Container.deploy(app, "/shop", "/api/*")) {
            HttpResponse<String> r = HTTP.get(container, "/shop/api/items/a%20b");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("item a b at http://127.0.0.1:" + container.port()
                    + "/shop/api/items/a%20b link /shop/api/items/b");
            assertThat(log.messages()).noneMatch(m -> m.contains("APPLICATION_ROOT"));
        }
    }

    @Test
    void aMountThatDiffersFromApplicationRootIsReportedWithTheFix() throws Exception {
        try (LogCapture log = LogCapture.of("dev.carafe.servlet", Level.INFO);
             Container container = Container.deploy(app(Config.defaults()), "/shop", "/*")) {
            assertThat(HTTP.get(container, "/shop/").body()).isEqualTo("Hello, World!");
            assertThat(log.messages()).contains("CarafeServlet for app 'shop' is mounted at '/shop', but the app's"
                    + " APPLICATION_ROOT is '/', so URLs it builds will not point under the mount. Set"
                    + " APPLICATION_ROOT=/shop in the app's configuration.");
        }
    }

    @Test
    void aStreamedBodyKeepsTheContextAndTeardownRunsOnceAfterIt() throws Exception {
        Carafe app = app(Config.defaults());
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        app.get("/stream", () -> {
            g().set(USER, "ada");
            return Response.stream("text/plain", out -> {
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    assertThat(firstChunkRead.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write(("then " + g().require(USER) + " " + request().path() + " teardowns " + teardowns.size())
                        .getBytes(StandardCharsets.UTF_8));
            });
        });
        try (Container container = Container.deploy(app)) {
            HttpResponse<InputStream> r = HTTP.client().send(HTTP.request(container, "/stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                assertThat(new String(body.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("first\n");
                assertThat(teardowns).isEmpty();
                firstChunkRead.countDown();
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("then ada /stream teardowns 0");
            }
            assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(teardowns).containsExactly(Outcome.COMPLETED);
        assertThat(appTeardowns).hasValue(1);
    }

    @Test
    void aClientThatDisconnectsMidBodyGetsTeardownOnceWithClientGone() throws Exception {
        Carafe app = app(Config.defaults());
        CountDownLatch writing = new CountDownLatch(1);
        app.get("/forever", () -> Response.stream("application/octet-stream", out -> {
            byte[] chunk = new byte[8192];
            for (int i = 0; i < 200_000; i++) {
                out.write(chunk);
                out.flush();
                writing.countDown();
            }
        }));
        try (Container container = Container.deploy(app)) {
            RawHttp client = new RawHttp(container.port());
            client.send("GET /forever HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(client.readHead()).startsWith("HTTP/1.1 200");
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            client.reset();
            assertThat(tornDown.await(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(teardowns).hasSize(1);
        assertThat(teardowns.getFirst()).isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(f.exception()).isInstanceOf(ClientGoneException.class));
        assertThat(appTeardowns).hasValue(1);
    }

    @Test
    void aWriterThatFailsMidBodyCutsTheResponseShort() throws Exception {
        Carafe app = app(Config.defaults());
        app.get("/broken", () -> Response.stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the data source failed");
        }));
        try (Container container = Container.deploy(app)) {
            HttpResponse<InputStream> r = HTTP.client().send(HTTP.request(container, "/broken").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
            }
            assertThat(tornDown.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(teardowns).singleElement().isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(f.exception()).hasMessage("the data source failed"));
    }

    @Test
    void aBodyOverMaxContentLengthGets413() throws Exception {
        Carafe app = app(Config.builder().set(Config.MAX_CONTENT_LENGTH, 100L).build());
        try (Container container = Container.deploy(app)) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(container, "/upload")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[500])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            HttpResponse<String> ok = HTTP.client().send(HTTP.request(container, "/upload")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.body()).isEqualTo("got 100 bytes");
        }
    }

    @Test
    void withPropagatingErrorsTheServletAnswersABare500() throws Exception {
        Carafe app = app(Config.builder().set(Config.TESTING, true).build());
        app.get("/boom", () -> {
            throw new IllegalStateException("broken in testing mode");
        });
        try (LogCapture log = LogCapture.of("dev.carafe.servlet", Level.INFO);
             Container container = Container.deploy(app)) {
            HttpResponse<String> r = HTTP.get(container, "/boom");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEmpty();
            assertThat(log.events()).filteredOn(e -> e.getThrowableProxy() != null).hasSize(1);
        }
    }

    @Test
    void anErrorThrownByAHandlerIsABare500AndNeverReachesTheContainersErrorPage() throws Exception {
        Carafe app = app(Config.defaults());
        app.get("/deep", () -> {
            throw new StackOverflowError("recursion went too deep");
        });
        try (Container container = Container.deploy(app)) {
            HttpResponse<String> r = HTTP.get(container, "/deep");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEmpty();
            assertThat(HTTP.get(container, "/deep").statusCode()).as("the servlet still serves").isEqualTo(500);
        }
    }
}
