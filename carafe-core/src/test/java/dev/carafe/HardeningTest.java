package dev.carafe;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.spi.Dispatch;
import dev.carafe.spi.ServerExchange;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Regressions found in review: each test is named after what broke. */
class HardeningTest {

    @Test
    void varyCookieIsMergedWithEveryVaryFieldWithoutDroppingAny() {
        Carafe app = Carafe.create("vary", Config.builder().set(Config.SECRET_KEY, "k").build());
        app.get("/", () -> String.valueOf(session().isEmpty()));
        app.afterRequest(r -> {
            r.headers().add("Vary", "Accept-Encoding");
            r.headers().add("Vary", "Origin");
            return r;
        });

        TestResponse response = app.testClient().get("/");

        assertThat(response.headers().all("Vary")).containsExactly("Accept-Encoding, Origin, Cookie");
    }

    @Test
    void aBodyLimitOfLongMaxValueMeansNoLimitOfCarafesOwn() {
        Carafe app = Carafe.create("nolimit", Config.builder().set(Config.MAX_CONTENT_LENGTH, Long.MAX_VALUE).build());
        app.post("/echo", () -> request().text());

        TestResponse response = app.testClient().send(TestRequest.post("/echo").body("hello"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("hello");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsABadRequestNotATruncatedBody() {
        Carafe app = Carafe.create("short");
        app.post("/echo", () -> request().text());

        TestResponse response = app.testClient().send(TestRequest.post("/echo")
                .header("Content-Length", "100").body("only ten b".getBytes(StandardCharsets.UTF_8), "text/plain"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("the client declared 100 bytes and sent 10.");
    }

    @Test
    void noContentAndNotModifiedResponsesCarryNoContentLength() {
        Carafe app = Carafe.create("nocontent");
        app.get("/204", () -> Response.empty(204));
        app.get("/304", () -> Response.empty(304));

        assertThat(app.testClient().get("/204").header("Content-Length")).isEmpty();
        assertThat(app.testClient().get("/304").header("Content-Length")).isEmpty();
    }

    @Test
    void aStreamThatFailsWithAnErrorIsAbortedSoTheClientCannotTakeItForAWholeBody() {
        Carafe app = Carafe.create("stream-error");
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        app.teardownRequest(outcomes::add);
        app.get("/", () -> Response.stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new AssertionError("broken invariant");
        }));
        RecordingExchange exchange = new RecordingExchange("/");

        try {
            Dispatch.handle(app, exchange);
        } catch (AssertionError expected) {
            // an Error is not turned into a response; what matters is what the client was told
        }

        assertThat(exchange.aborted).isInstanceOf(AssertionError.class);
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Failed.class);
        assertThat(Globals.hasAppContext()).isFalse();
    }

    @Test
    void structuredSubtasksSharingGOpenOneResourceForOneKey() throws Exception {
        Key<Resource> db = Key.of("db", Resource.class);
        AtomicInteger opened = new AtomicInteger();
        Carafe app = Carafe.create("shared-g");
        app.get("/", () -> {
            try (var scope = StructuredTaskScope.open()) {
                for (int i = 0; i < 2; i++) {
                    scope.fork(() -> g().resource(db, () -> {
                        opened.incrementAndGet();
                        try {
                            Thread.sleep(50); // the other subtask asks meanwhile
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new Resource();
                    }));
                }
                scope.join();
            }
            return "ok";
        });

        assertThat(app.testClient().get("/").text()).isEqualTo("ok");
        assertThat(opened).as("one resource per key and context, even when two subtasks ask at once").hasValue(1);
    }

    /** A resource that only needs closing. */
    static final class Resource implements AutoCloseable {
        @Override
        public void close() {
        }
    }

    /** An exchange that records the response and whether it was aborted. */
    static final class RecordingExchange implements ServerExchange {
        private final String path;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile Throwable aborted;

        RecordingExchange(String path) {
            this.path = path;
        }

        @Override public String method() { return "GET"; }
        @Override public String rawPath() { return path; }
        @Override public String rawQuery() { return ""; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return "localhost"; }
        @Override public Headers headers() { return new Headers().add("Host", "localhost").freeze(); }
        @Override public InputStream body() { return new ByteArrayInputStream(new byte[0]); }
        @Override public String remoteAddress() { return "127.0.0.1"; }
        @Override public OutputStream respond(int status, Headers headers, long contentLength) { return body; }
        @Override public void abort(Throwable cause) { aborted = cause; }
    }
}
