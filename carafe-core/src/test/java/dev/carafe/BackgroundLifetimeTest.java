package dev.carafe;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When each part of teardown runs for a request and its copies, for every kind of background
 * work and every order in which they finish: teardown-request callbacks once, for the request;
 * teardown-app-context callbacks and {@code g} resources once per context, each with its own
 * {@code g}; what they share (here a closeable user context) once, after the last of them.
 */
class BackgroundLifetimeTest {
    static final Key<String> NAME = Key.of("name", String.class);
    static final Key<Db> DB = Key.of("db", Db.class);

    /** The seeds' get_db(): one per context, closed when that context ends. */
    record Db(String owner, List<String> trace) implements AutoCloseable {
        @Override
        public void close() {
            trace.add("db closed " + owner);
        }
    }

    /** A closeable user context: made once per request, shared by its copies, closed after the last. */
    static final class Audit implements AutoCloseable {
        private final List<String> trace;
        private final CountDownLatch closed;

        Audit(List<String> trace, CountDownLatch closed) {
            this.trace = trace;
            this.closed = closed;
        }

        @Override
        public void close() {
            trace.add("shared released");
            closed.countDown();
        }
    }

    /** What a copy saw when its work started. */
    record Seen(boolean emptyG, String path, Audit audit, boolean isCopy, boolean sameRequest) {}

    /** Each way of handing work to another thread; {@code start} runs in the handler. */
    enum Kind {
        WRAPPED_RUNNABLE(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Thread.ofVirtual().start(Background.wrap(body));
            }
        },
        WRAPPED_CALLABLE(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Callable<String> task = Background.wrapCallable(() -> {
                    body.run();
                    return "done";
                });
                Thread.ofVirtual().start(() -> {
                    try {
                        task.call();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
        },
        WRAPPED_SUPPLIER(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Supplier<String> task = Background.wrapSupplier(() -> {
                    body.run();
                    return "done";
                });
                Thread.ofVirtual().start(task::get);
            }
        },
        EXECUTOR(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Background.executor(pool).submit(body);
            }
        },
        THREAD_FACTORY(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Background.threadFactory().newThread(body).start();
            }
        },
        COMPLETABLE_FUTURE(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Background.runAsync(body);
            }
        },
        /** The body runs in a continuation stage: two copies, the first stage's and the continuation's. */
        COMPLETABLE_FUTURE_STAGE(2) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Background.supplyAsync(() -> "first").thenApplyAsync(first -> {
                    body.run();
                    return first;
                });
            }
        },
        /** A scope opened in a copy; its subtask runs the body in that copy, unwrapped. */
        STRUCTURED_SCOPE_IN_COPY(1) {
            @Override
            void start(Runnable body, ExecutorService pool) {
                Background.runAsync(() -> {
                    try (var scope = StructuredTaskScope.open()) {
                        scope.fork(body);
                        scope.join();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        };

        final int contextsPerCopy;

        Kind(int contextsPerCopy) {
            this.contextsPerCopy = contextsPerCopy;
        }

        abstract void start(Runnable body, ExecutorService pool);
    }

    enum Order { COPY_FIRST, REQUEST_FIRST, SEVERAL_COPIES }

    static Stream<Arguments> kindsAndOrders() {
        List<Arguments> all = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Order order : Order.values()) {
                all.add(Arguments.of(kind, order));
            }
        }
        return all.stream();
    }

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final Map<Context, Integer> appTeardowns = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, CountDownLatch> ended = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private volatile Audit requestAudit;
    private volatile Request requestObject;

    @AfterEach
    void closePool() {
        pool.shutdownNow();
    }

    private Carafe tracedApp(Kind kind, Order order) {
        Carafe app = Carafe.create("lifetime", Config.builder().set(Config.TESTING, true).build());
        UserContext<Audit> audit = app.userContext(Audit.class, () -> new Audit(trace, released));
        app.teardownRequest(o -> trace.add("teardown_request " + name()));
        app.teardownAppContext(o -> {
            appTeardowns.merge(Globals.context(), 1, Integer::sum);
            trace.add("teardown_appcontext " + name());
        });
        app.connect(Signal.APPCONTEXT_POPPED, e -> {
            String n = e.context().g().get(NAME).orElse("unnamed");
            trace.add("popped " + n);
            ended(n).countDown();
        });
        app.get("/work", () -> {
            g().set(NAME, "request");
            requestAudit = audit.current();
            requestObject = request();
            switch (order) {
                case COPY_FIRST -> {
                    kind.start(body("A", audit), pool);
                    await(ended("A"));
                }
                case REQUEST_FIRST -> kind.start(body("A", audit), pool);
                case SEVERAL_COPIES -> {
                    kind.start(body("A", audit), pool);
                    kind.start(body("B", audit), pool);
                    kind.start(body("C", audit), pool);
                    await(ended("A"));
                }
            }
            return "ok";
        });
        return app;
    }

    /** The work of one copy: records what it sees, names its g, opens its own Db, waits at its gate. */
    private Runnable body(String name, UserContext<Audit> audit) {
        return () -> {
            Context ctx = Globals.context();
            seen.put(name, new Seen(g().keys().isEmpty(), request().path(), audit.current(), ctx.isCopy(),
                    request() == requestObject));
            g().set(NAME, name);
            g().resource(DB, () -> new Db(name, trace));
            trace.add("ran " + name);
            CountDownLatch gate = gates.get(name);
            if (gate != null) {
                await(gate);
            }
        };
    }

    private static String name() {
        return g().get(NAME).orElse("unnamed");
    }

    private CountDownLatch ended(String name) {
        return ended.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("waited for the other side").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private long count(String entry) {
        return trace.stream().filter(entry::equals).count();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("kindsAndOrders")
    void teardownRunsOncePerRequestAndOncePerContextWhateverOrderTheyFinishIn(Kind kind, Order order) {
        List<String> copies = order == Order.SEVERAL_COPIES ? List.of("A", "B", "C") : List.of("A");
        if (order == Order.REQUEST_FIRST) {
            gates.put("A", new CountDownLatch(1));
        }
        if (order == Order.SEVERAL_COPIES) {
            gates.put("B", new CountDownLatch(1));
            gates.put("C", new CountDownLatch(1));
        }
        TestClient client = tracedApp(kind, order).testClient();

        TestResponse response = client.get("/work");

        assertThat(response.text()).isEqualTo("ok");
        assertThat(trace).contains("teardown_request request", "popped request");
        switch (order) {
            case COPY_FIRST -> assertThat(trace.indexOf("popped A")).isLessThan(trace.indexOf("popped request"));
            case REQUEST_FIRST -> {
                assertThat(trace).doesNotContain("popped A", "shared released");
                gates.get("A").countDown();
            }
            case SEVERAL_COPIES -> {
                assertThat(trace.indexOf("popped A")).isLessThan(trace.indexOf("popped request"));
                assertThat(trace).doesNotContain("popped B", "popped C", "shared released");
                gates.get("B").countDown();
                await(ended("B"));
                assertThat(trace).doesNotContain("shared released");
                gates.get("C").countDown();
            }
        }
        await(released);

        assertThat(count("teardown_request request")).isEqualTo(1);
        assertThat(trace.stream().filter(e -> e.startsWith("teardown_request"))).hasSize(1);
        for (String copy : copies) {
            assertThat(count("teardown_appcontext " + copy)).as("teardown_appcontext of " + copy).isEqualTo(1);
            assertThat(count("db closed " + copy)).as("the Db of " + copy).isEqualTo(1);
            assertThat(seen.get(copy)).isEqualTo(new Seen(true, "/work", requestAudit, true, true));
        }
        assertThat(count("teardown_appcontext request")).isEqualTo(1);
        assertThat(appTeardowns).hasSize(1 + copies.size() * kind.contextsPerCopy).allSatisfy((ctx, n) -> assertThat(n).isEqualTo(1));
        assertThat(count("shared released")).isEqualTo(1);
        assertThat(trace.getLast()).as("released after the last of them ended").isEqualTo("shared released");
        if (order == Order.REQUEST_FIRST) {
            assertThat(trace.indexOf("popped request")).isLessThan(trace.indexOf("popped A"));
        }
    }

    @Test
    void aCopyStillRunningDoesNotHoldUpTheResponse() {
        gates.put("A", new CountDownLatch(1));
        TestClient client = tracedApp(Kind.WRAPPED_RUNNABLE, Order.REQUEST_FIRST).testClient();

        TestResponse response = client.get("/work");

        assertThat(response.status()).isEqualTo(200);
        assertThat(trace).contains("popped request").doesNotContain("popped A");
        gates.get("A").countDown();
        await(released);
        assertThat(trace).contains("popped A");
    }
}
