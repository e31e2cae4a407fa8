package dev.carafe;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Hundreds of requests at once, on virtual threads, each handing work to copies in every way
 * there is: no copy ever sees another request's request, {@code g}, session, user context or
 * MDC, and each request's teardown and shared release happen exactly once.
 */
class BackgroundConcurrencyTest {
    static final int REQUESTS = 300;
    static final Key<Integer> ID = Key.of("id", Integer.class);

    /** The user context: who is calling, from a header; closed once per request. */
    static final class Caller implements AutoCloseable {
        final String name;
        final AtomicInteger closes = new AtomicInteger();
        private final CountDownLatch allClosed;

        Caller(String name, CountDownLatch allClosed) {
            this.name = name;
            this.allClosed = allClosed;
        }

        @Override
        public void close() {
            if (closes.incrementAndGet() == 1) {
                allClosed.countDown();
            }
        }
    }

    private final Queue<String> wrong = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Caller> callers = new ConcurrentHashMap<>();
    private final AtomicInteger teardownRequests = new AtomicInteger();
    private final AtomicInteger copiesRun = new AtomicInteger();
    private final CountDownLatch allClosed = new CountDownLatch(REQUESTS);

    /** Checks, inside a copy (or a subtask), that everything belongs to request {@code id}. */
    private void check(int id, UserContext<Caller> caller, boolean ownG, String where) {
        copiesRun.incrementAndGet();
        expect(where, "path param", request().pathParam("id", Integer.class), id);
        expect(where, "header", request().headers().get("X-User", ""), "user-" + id);
        expect(where, "session", session().get("user").orElse("none"), "user-" + id);
        expect(where, "user context", caller.current().name, "user-" + id);
        if (caller.current() != callers.get(id)) {
            wrong.add(where + " of request " + id + " saw another request's user context object");
        }
        if (ownG) {
            // A copy carries the MDC of the thread that made it; a bare subtask has its own thread's.
            expect(where, "MDC", MDC.get("request"), String.valueOf(id));
            expect(where, "its own empty g", g().get(ID).orElse(-1), -1);
            g().set(ID, id);
        } else {
            expect(where, "the request's g", g().get(ID).orElse(-1), id);
        }
    }

    private void expect(String where, String what, Object actual, Object expected) {
        if (!expected.equals(actual)) {
            wrong.add(where + ": " + what + " was " + actual + ", expected " + expected);
        }
    }

    @Test
    void concurrentRequestsSpawningCopiesNeverSeeEachOthersRequestGSessionOrUserContext() throws Exception {
        Carafe app = Carafe.create("concurrent", Config.builder().set(Config.TESTING, true)
                .set(Config.SECRET_KEY, "concurrency").build());
        UserContext<Caller> caller = app.userContext(Caller.class,
                request -> new Caller(request.headers().get("X-User", "anonymous"), allClosed));
        app.teardownRequest(o -> teardownRequests.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService copying = Background.executor(pool);
        app.post("/login/<int:id>", () -> {
            session().put("user", "user-" + request().pathParam("id"));
            return "in";
        });
        app.get("/work/<int:id>", () -> {
            int id = request().pathParam("id", Integer.class);
            g().set(ID, id);
            MDC.put("request", String.valueOf(id));
            try {
                callers.put(id, caller.current());
                Future<?> submitted = copying.submit(() -> check(id, caller, true, "executor"));
                var chain = Background.supplyAsync(() -> {
                    check(id, caller, true, "supplyAsync");
                    return id;
                }).thenApplyAsync(same -> {
                    check(id, caller, true, "thenApplyAsync");
                    return same;
                });
                Thread thread = Background.threadFactory().newThread(() -> check(id, caller, true, "thread factory"));
                thread.start();
                // Outlives the response: runs whenever the scheduler gets to it.
                Thread.ofVirtual().start(Background.wrap(() -> check(id, caller, true, "after the response")));
                try (var scope = StructuredTaskScope.open()) {
                    scope.fork(() -> check(id, caller, false, "subtask"));
                    scope.fork(Background.wrapCallable(() -> {
                        check(id, caller, true, "wrapped subtask");
                        return null;
                    }));
                    scope.join();
                }
                submitted.get();
                chain.join();
                thread.join();
                return "done " + id + " " + g().require(ID);
            } finally {
                MDC.remove("request");
            }
        });

        List<String> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int id = i;
                sent.add(clients.submit(() -> {
                    TestClient client = app.testClient();
                    client.post("/login/" + id);
                    return client.send(TestRequest.get("/work/" + id).header("X-User", "user-" + id)).text();
                }));
            }
            for (Future<String> f : sent) {
                answers.add(f.get());
            }
        }
        assertThat(allClosed.await(30, TimeUnit.SECONDS)).as("every request's user context was closed").isTrue();
        pool.shutdown();

        for (int i = 0; i < REQUESTS; i++) {
            assertThat(answers.get(i)).isEqualTo("done " + i + " " + i);
        }
        assertThat(wrong).isEmpty();
        assertThat(copiesRun).hasValue(REQUESTS * 7);
        assertThat(teardownRequests).as("one per request, none per copy").hasValue(REQUESTS * 2);
        assertThat(callers.values()).hasSize(REQUESTS).allSatisfy(c -> assertThat(c.closes).hasValue(1));
    }
}
