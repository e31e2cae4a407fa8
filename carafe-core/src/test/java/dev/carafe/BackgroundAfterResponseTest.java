package dev.carafe;

import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a copy may still do once its request's response was sent: read what the request read,
 * but not change the session, add to the response, or read a body nobody read. Each refusal
 * says why. And what the request and its copies share (uploaded files) stays readable until
 * the last of them ends, whichever ends first (Flask closes them when a copy ends, #5399).
 */
class BackgroundAfterResponseTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch responded = new CountDownLatch(1);
    private volatile CompletableFuture<Void> work;

    private static Carafe app(String name) {
        return Carafe.create(name, Config.builder().set(Config.TESTING, true).set(Config.SECRET_KEY, "test key").build());
    }

    /** Starts {@code body} in a copy that waits until the test saw the response. */
    private void afterTheResponse(Runnable body) {
        work = Background.runAsync(() -> {
            await(responded);
            body.run();
        });
    }

    /** Lets the copies run, and waits for their work to finish. */
    private void respondedThenJoin() {
        responded.countDown();
        work.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void record(String what, ThrowingSupplier action) {
        try {
            seen.add(what + ": " + action.get());
        } catch (Exception e) {
            seen.add(what + " failed: " + e.getMessage());
        }
    }

    private interface ThrowingSupplier {
        Object get() throws Exception;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the test released the copy").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCopyReadsTheSessionAfterTheResponseButCannotChangeIt() {
        Carafe app = app("session-after");
        app.post("/login", () -> {
            session().put("user", "ada");
            afterTheResponse(() -> {
                record("read", () -> session().get("user").orElseThrow());
                record("write", () -> {
                    session().put("user", "mallory");
                    return "written";
                });
            });
            return "ok";
        });

        app.testClient().post("/login");
        respondedThenJoin();

        assertThat(seen).containsExactly("read: ada", "write failed: Cannot change the session: the response was"
                + " already made and the session saved into it, so the change would be lost. Change the session in the"
                + " handler, before the response is returned; background work may read it but not write it.");
    }

    @Test
    void aCopyJoinedBeforeTheResponseChangesTheRequestsOwnSession() {
        Carafe app = app("session-before");
        app.post("/login", () -> Background.runAsync(() -> session().put("user", "grace")).thenApply(v -> "ok").join());
        app.get("/me", () -> session().get("user").orElse("nobody"));
        TestClient client = app.testClient();

        client.post("/login");

        assertThat(client.get("/me").text()).as("the copy wrote to the session object the request saved").isEqualTo("grace");
    }

    @Test
    void aCopyThatReadsTheSessionBeforeTheResponseAddsVaryCookieToIt() {
        Carafe app = app("vary");
        // isEmpty() is an access the session object itself does not record; the context does.
        app.get("/", () -> Background.supplyAsync(() -> session().isEmpty()).thenApply(b -> "ok").join());
        app.get("/untouched", () -> "ok");

        TestClient client = app.testClient();

        assertThat(client.get("/").header("Vary")).as("read only in the copy").contains("Cookie");
        assertThat(client.get("/untouched").header("Vary")).isEmpty();
    }

    @Test
    void aCopyCannotRegisterAnAfterThisRequestFunction() {
        Carafe app = app("after-this");
        app.get("/", () -> {
            afterTheResponse(() -> record("register", () -> {
                Globals.afterThisRequest(r -> r.header("X-Late", "1"));
                return "registered";
            }));
            return "ok";
        });

        assertThat(app.testClient().get("/").header("X-Late")).isEmpty();
        respondedThenJoin();

        assertThat(seen).containsExactly("register failed: Cannot register an after-this-request function here: this"
                + " is a copy of the request's context for background work, and the response is made by the request"
                + " itself. Register it in the handler or a before-request function.");
    }

    @Test
    void aCopyReadsRequestDataTheRequestReadBeforeTheResponse() {
        Carafe app = app("read-after");
        app.post("/orders", () -> {
            String item = request().form().get("item", "");
            afterTheResponse(() -> {
                record("form", () -> request().form().get("item", ""));
                record("args", () -> request().args().get("rush", ""));
                record("header", () -> request().headers().get("X-Client", ""));
                record("path", () -> request().path());
            });
            return item;
        });

        String item = app.testClient().send(TestRequest.post("/orders?rush=yes").form("item", "tea")
                .header("X-Client", "shop")).text();
        respondedThenJoin();

        assertThat(item).isEqualTo("tea");
        assertThat(seen).containsExactly("form: tea", "args: yes", "header: shop", "path: /orders");
    }

    @Test
    void aCopyCannotReadABodyNobodyReadBeforeTheResponseAndIsToldToReadItFirst() {
        Carafe app = app("body-after");
        app.post("/upload", () -> {
            afterTheResponse(() -> {
                record("body", () -> new String(request().body(), StandardCharsets.UTF_8));
                record("json", () -> request().json());
            });
            return "accepted";
        });

        app.testClient().send(TestRequest.post("/upload").json(List.of(1, 2, 3)));
        respondedThenJoin();

        String message = "Cannot read the request body: the response was already sent and nobody read the body"
                + " before, so it is gone. Read it in the handler (request().body(), form(), json()) before starting"
                + " background work.";
        assertThat(seen).containsExactly("body failed: " + message, "json failed: " + message);
    }

    @Test
    void aCopyReadsTheBodyTheHandlerReadAfterTheResponse() {
        Carafe app = app("body-read");
        app.post("/upload", () -> {
            request().json();
            afterTheResponse(() -> record("json", () -> request().json().get(1).asInt()));
            return "accepted";
        });

        app.testClient().send(TestRequest.post("/upload").json(List.of(1, 2, 3)));
        respondedThenJoin();

        assertThat(seen).containsExactly("json: 2");
    }

    @Test
    void anUploadedFileStaysReadableInACopyAfterTheRequestAndIsReleasedWhenTheCopyEnds() throws Exception {
        Carafe app = app("upload-after");
        byte[] big = new byte[200_000];   // past the in-memory threshold: spooled to a temporary file
        Arrays.fill(big, (byte) 'x');
        CompletableFuture<UploadedFile> kept = new CompletableFuture<>();
        app.post("/files", () -> {
            UploadedFile file = request().files().get("doc").getFirst();
            kept.complete(file);
            afterTheResponse(() -> record("copy read", () -> file.bytes().length));
            return "stored";
        });

        app.testClient().send(TestRequest.post("/files").file("doc", "big.txt", "text/plain", big));
        UploadedFile file = kept.get();
        assertThat(file.bytes()).as("readable after the request ended, while the copy runs").hasSize(big.length);
        respondedThenJoin();
        // The copy's work is done; its teardown releases the file right after.
        for (int i = 0; i < 1000 && readable(file); i++) {
            Thread.sleep(10);
        }

        assertThat(seen).containsExactly("copy read: 200000");
        assertThat(readable(file)).as("released after the copy ended").isFalse();
    }

    private static boolean readable(UploadedFile file) {
        try {
            file.bytes();
            return true;
        } catch (IOException released) {
            assertThat(released).hasMessageStartingWith("The uploaded file 'doc' was released when its request ended.");
            return false;
        }
    }

    @Test
    void aCopyThatEndsFirstDoesNotCloseTheFilesItsRequestStillReads() throws Exception {
        Carafe app = app("upload-copy-first");
        CountDownLatch copyEnded = new CountDownLatch(1);
        app.connect(Signal.APPCONTEXT_POPPED, e -> {
            if (e.context().isCopy()) {
                copyEnded.countDown();
            }
        });
        app.post("/files", () -> {
            UploadedFile file = request().files().get("doc").getFirst();
            int inCopy = Background.supplyAsync(() -> {
                try {
                    return file.bytes().length;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).join();
            await(copyEnded);
            return inCopy + " then " + new String(file.bytes(), StandardCharsets.UTF_8);
        });

        String answer = app.testClient().send(TestRequest.post("/files").file("doc", "a.txt", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8))).text();

        assertThat(answer).isEqualTo("5 then hello");
    }
}
