package dev.carafe;

import static dev.carafe.Globals.context;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.carafe.testing.TestClient;
import dev.carafe.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The mechanism that makes a context current: it works on virtual threads, and it never leaves
 * a context behind on a pooled platform thread, even when user code forgets to pop.
 */
class ThreadSafetyTest {
    static final Key<String> ID = Key.of("id", String.class);

    @Test
    void concurrentRequestsOnVirtualThreadsEachSeeTheirOwnContext() throws Exception {
        int n = 64;
        Carafe app = Carafe.create("virtual");
        CountDownLatch allInside = new CountDownLatch(n);
        app.get("/echo", () -> {
            String id = request().args().get("id").orElseThrow();
            g().set(ID, id);
            Context mine = context();
            // Every handler waits here until all of them are running at once.
            allInside.countDown();
            if (!allInside.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the requests did not run concurrently");
            }
            boolean own = context() == mine && g().require(ID).equals(id) && request().args().get("id").orElseThrow().equals(id);
            return id + ":" + own + ":" + Thread.currentThread().isVirtual();
        });
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String id = Integer.toString(i);
                answers.add(pool.submit(() -> app.testClient().get("/echo?id=" + id).text()));
            }
            for (int i = 0; i < n; i++) {
                assertThat(answers.get(i).get()).isEqualTo(i + ":true:true");
            }
        }
    }

    @Test
    void aContextAHandlerForgetsToPopIsPoppedBeforeThePooledThreadIsReused() throws Exception {
        Carafe app = Carafe.create("leaky");
        List<Outcome> leakedTeardowns = new CopyOnWriteArrayList<>();
        List<String> afterRequestSaw = new CopyOnWriteArrayList<>();
        app.teardownAppContext(o -> {
            if (!context().hasRequest()) {
                leakedTeardowns.add(o);
            }
        });
        app.afterRequest(r -> {
            afterRequestSaw.add(request().path());
            return r;
        });
        app.get("/leak", () -> {
            app.appContext().push();   // never popped
            return "leaked";
        });
        app.get("/check", () -> "request has its own context: " + context().hasRequest());
        TestClient client = app.testClient();

        ExecutorService onePlatformThread = Executors.newFixedThreadPool(1);
        try (LogCapture logs = LogCapture.of("leaky")) {
            assertThat(onePlatformThread.submit(() -> client.get("/leak").text()).get()).isEqualTo("leaked");
            assertThat(onePlatformThread.submit(Globals::hasAppContext).get()).as("nothing left on the thread").isFalse();
            assertThat(onePlatformThread.submit(() -> client.get("/check").text()).get())
                    .isEqualTo("request has its own context: true");
            assertThat(onePlatformThread.submit(Globals::hasAppContext).get()).isFalse();

            assertThat(afterRequestSaw).as("hooks after the handler see the request's context").containsExactly("/leak", "/check");
            assertThat(leakedTeardowns).singleElement().isInstanceOfSatisfying(Outcome.Failed.class, f ->
                    assertThat(f.exception()).isInstanceOf(ContextException.class).message()
                            .startsWith("This context was pushed during <Context ")
                            .endsWith(" and never popped; Carafe popped it. Use try-with-resources or ctx.run(...) so"
                                    + " that contexts are always popped."));
            assertThat(logs.messages(Level.WARN)).singleElement().asString()
                    .startsWith("Context <Context ")
                    .contains(" was pushed during <Context ")
                    .endsWith(" and never popped; popping it now. Use try-with-resources or ctx.run(...) so that"
                            + " contexts are always popped.");
        } finally {
            onePlatformThread.shutdown();
        }
    }

    @Test
    void extraPushesOfTheRequestsOwnContextAreUndoneAndTeardownRunsOnce() throws Exception {
        Carafe app = Carafe.create("repush");
        List<String> teardowns = new CopyOnWriteArrayList<>();
        app.teardownRequest(o -> teardowns.add("teardown_request " + o));
        app.get("/", () -> {
            context().push();
            context().push();
            return "ok";
        });
        ExecutorService onePlatformThread = Executors.newFixedThreadPool(1);
        try (LogCapture logs = LogCapture.of("repush")) {
            assertThat(onePlatformThread.submit(() -> app.testClient().get("/").status()).get()).isEqualTo(200);
            assertThat(onePlatformThread.submit(Globals::hasAppContext).get()).isFalse();
            assertThat(teardowns).containsExactly("teardown_request Completed[]");
            assertThat(logs.messages(Level.WARN)).singleElement().asString()
                    .endsWith(" was pushed 2 more time(s) during its request and not popped; ending it anyway. Pop"
                            + " each push, or use try-with-resources.");
        } finally {
            onePlatformThread.shutdown();
        }
    }

    @Test
    void failingRequestsLeaveNothingOnAPooledThread() throws Exception {
        Carafe quiet = Carafe.create("pooled");
        Carafe testing = Carafe.create("pooled", Config.builder().set(Config.TESTING, true).build());
        for (Carafe app : List.of(quiet, testing)) {
            app.get("/fail", () -> {
                throw new IllegalStateException("boom");
            });
            app.teardownAppContext(o -> {
                throw new IllegalArgumentException("teardown failed too");
            });
        }
        ExecutorService onePlatformThread = Executors.newFixedThreadPool(1);
        try (LogCapture logs = LogCapture.of("pooled")) {
            for (Carafe app : List.of(quiet, testing)) {
                onePlatformThread.submit(() -> {
                    try {
                        app.testClient().get("/fail");
                    } catch (RuntimeException expectedInTestingMode) {
                        // propagated in testing mode
                    }
                }).get();
                assertThat(onePlatformThread.submit(Globals::hasAppContext).get()).isFalse();
            }
        } finally {
            onePlatformThread.shutdown();
        }
    }

    @Test
    void contextsWorkOnVirtualThreadsOutsideRequests() throws Exception {
        Carafe app = Carafe.create("virtual");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> seen = pool.submit(() -> app.appContext().call(() -> {
                g().set(ID, "vt");
                return Globals.currentApp().name() + " " + g().require(ID) + " " + Thread.currentThread().isVirtual();
            }));
            assertThat(seen.get()).isEqualTo("virtual vt true");
        }
        assertThat(hasAppContext()).isFalse();
    }
}
