package dev.carafe;

import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What a copy made by {@link Background} sees, and how each way of handing work over behaves. */
class BackgroundTest {
    static final String NO_CONTEXT = " works only when a context is active, such as in a handler or inside"
            + " 'app.appContext().run(...)'. Copy the context in the request, before handing work to another thread.";
    static final Key<String> KEY = Key.of("key", String.class);

    /** A closeable user context, shared by a request and its copies; counts its closes. */
    static final class Held implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void close() {
            closes.incrementAndGet();
            closed.countDown();
        }
    }

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final Held held = new Held();
    private final Semaphore copiesTornDown = new Semaphore(0);
    private UserContext<Held> heldContext;

    @AfterEach
    void stopPools() {
        pools.forEach(ExecutorService::shutdownNow);
        MDC.clear();
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    /** An app that traces teardown with the context's kind, and has a closeable user context. */
    private Carafe app(String name) {
        Carafe app = Carafe.create(name, Config.builder().set(Config.TESTING, true).build());
        heldContext = app.userContext(Held.class, () -> held);
        app.teardownRequest(o -> trace.add("teardown_request " + describe(o)));
        app.teardownAppContext(o -> {
            boolean copy = Globals.context().isCopy();
            trace.add("teardown_appcontext " + (copy ? "copy" : "origin"));
            if (copy) {
                copiesTornDown.release();
            }
        });
        return app;
    }

    private static String describe(Outcome o) {
        return switch (o) {
            case Outcome.Completed c -> "completed";
            case Outcome.Handled h -> "handled";
            case Outcome.Failed f -> "failed " + f.exception().getMessage();
        };
    }

    /** Waits until {@code n} copies ran their teardown: a future completes before its copy is popped. */
    private void awaitCopiesTornDown(int n) throws InterruptedException {
        assertThat(copiesTornDown.tryAcquire(n, 10, TimeUnit.SECONDS)).as(n + " copies torn down").isTrue();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("waited for the other side").isTrue();
    }

    // ---- no context -----------------------------------------------------------------------------

    @Test
    void everyCallThatCopiesFailsClearlyWhenNoContextIsActive() {
        assertThat(Globals.hasAppContext()).isFalse();
        ExecutorService executor = Background.executor(pool(1));

        assertThatThrownBy(() -> Background.wrap(() -> { })).isInstanceOf(ContextException.class)
                .hasMessage("'Background.wrap'" + NO_CONTEXT);
        assertThatThrownBy(() -> Background.wrapCallable(() -> "x")).isInstanceOf(ContextException.class)
                .hasMessage("'Background.wrapCallable'" + NO_CONTEXT);
        assertThatThrownBy(() -> Background.wrapSupplier(() -> "x")).isInstanceOf(ContextException.class)
                .hasMessage("'Background.wrapSupplier'" + NO_CONTEXT);
        assertThatThrownBy(() -> Background.supplyAsync(() -> "x")).isInstanceOf(ContextException.class)
                .hasMessage("'Background.supplyAsync'" + NO_CONTEXT);
        assertThatThrownBy(() -> Background.runAsync(() -> { })).isInstanceOf(ContextException.class)
                .hasMessage("'Background.runAsync'" + NO_CONTEXT);
        assertThatThrownBy(() -> Background.threadFactory().newThread(() -> { })).isInstanceOf(ContextException.class)
                .hasMessage("Making a thread with 'Background.threadFactory()'" + NO_CONTEXT);
        for (Callable<?> submit : List.<Callable<?>>of(
                () -> executor.submit(() -> "x"),
                () -> {
                    executor.execute(() -> { });
                    return null;
                },
                () -> executor.invokeAll(List.of(() -> "x")),
                () -> executor.invokeAny(List.of(() -> "x")))) {
            assertThatThrownBy(submit::call).isInstanceOf(ContextException.class)
                    .hasMessage("Submitting to 'Background.executor(...)'" + NO_CONTEXT);
        }
    }

    // ---- what a copy sees ----------------------------------------------------------------------

    @Test
    void aCopySeesTheRequestsAppRequestAndUserContextWithAnEmptyGOfItsOwn() {
        Carafe app = app("sees");
        ExecutorService plain = pool(1);
        app.get("/items/<int:id>", () -> {
            g().set(KEY, "the request's");
            Request theRequest = request();
            Held theHeld = heldContext.current();
            G requestG = g();
            Callable<String> task = Background.wrapCallable(() -> String.join(",",
                    String.valueOf(currentApp() == app),
                    String.valueOf(request() == theRequest),
                    String.valueOf(request().pathParam("id", Integer.class)),
                    String.valueOf(heldContext.current() == theHeld),
                    String.valueOf(Globals.context().isCopy()),
                    String.valueOf(g() != requestG),
                    String.valueOf(g().contains(KEY)),
                    Thread.currentThread().getName()));
            return plain.submit(task).get();
        });

        String seen = app.testClient().get("/items/7").text();

        assertThat(seen).startsWith("true,true,7,true,true,true,false,").doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void aContextWithoutARequestIsCopiedToo() throws Exception {
        Carafe app = app("no-request");
        AtomicReference<String> seen = new AtomicReference<>();

        app.appContext().run(() -> {
            g().set(KEY, "outer");
            seen.set(Background.supplyAsync(() -> currentApp().name() + " request=" + Globals.hasRequestContext()
                    + " copy=" + Globals.context().isCopy() + " g=" + g().get(KEY).orElse("empty")).join());
        });

        assertThat(seen.get()).isEqualTo("no-request request=false copy=true g=empty");
        awaitCopiesTornDown(1);
        assertThat(trace).containsExactlyInAnyOrder("teardown_appcontext copy", "teardown_appcontext origin");
    }

    @Test
    void theCopyCarriesTheMdcOfTheThreadThatHandedTheWorkOver() throws Exception {
        Carafe app = app("mdc");
        ExecutorService one = pool(1);
        ExecutorService executor = Background.executor(one);
        app.get("/", () -> {
            MDC.put("requestId", "r-42");
            try {
                return executor.submit(() -> MDC.get("requestId")).get();
            } finally {
                MDC.remove("requestId");
            }
        });

        assertThat(app.testClient().get("/").text()).isEqualTo("r-42");
        assertThat(one.submit(MDC::getCopyOfContextMap).get()).as("the pool thread's MDC afterwards").isNullOrEmpty();
    }

    @Test
    void aWrappedTaskRunsOnlyOnce() {
        Carafe app = app("once");
        app.get("/", () -> {
            Runnable task = Background.wrap(() -> trace.add("ran"));
            task.run();
            task.run();
            return "unreachable";
        });

        assertThatThrownBy(() -> app.testClient().get("/")).isInstanceOf(ContextException.class)
                .hasMessageStartingWith("This task was wrapped to run once, in a copy of <Context ")
                .hasMessageEndingWith(" of once, GET 'http://localhost/'>, and it already ran (or was discarded). Wrap"
                        + " it again for each run with Background.wrap(...), or submit it through"
                        + " Background.executor(...), which copies the context at each submit.");
        assertThat(trace).hasSize(4);
        assertThat(trace.subList(0, 2)).containsExactly("ran", "teardown_appcontext copy");
        assertThat(trace.get(2)).startsWith("teardown_request failed This task was wrapped to run once");
        assertThat(trace.get(3)).isEqualTo("teardown_appcontext origin");
    }

    @Test
    void copyingAContextAfterItsRequestAndEveryCopyEndedFailsClearly() {
        Carafe app = app("late");
        AtomicReference<Context> kept = new AtomicReference<>();
        app.get("/", () -> {
            kept.set(Globals.context());
            return "ok";
        });
        app.testClient().get("/");

        assertThatThrownBy(() -> kept.get().copy()).isInstanceOf(ContextException.class)
                .hasMessageStartingWith("Cannot copy this context (<Context ")
                .hasMessageEndingWith(" of late, GET 'http://localhost/'>): its request and every copy of it have ended,"
                        + " so what they shared (uploaded files, the user context) was released. Copy the context while"
                        + " the request, or a copy of it, is still running.");
    }

    // ---- the executor --------------------------------------------------------------------------

    @Test
    void theExecutorCopiesTheContextOnEverySubmitPath() throws Exception {
        Carafe app = app("paths");
        ExecutorService executor = Background.executor(pool(2));
        List<String> seen = new CopyOnWriteArrayList<>();
        app.get("/paths", () -> {
            g().set(KEY, "request");
            Callable<String> probe = () -> {
                String s = request().path() + " copy=" + Globals.context().isCopy() + " g=" + g().get(KEY).orElse("empty");
                g().set(KEY, "used");
                return s;
            };
            CountDownLatch executed = new CountDownLatch(1);
            executor.execute(() -> {
                seen.add(call(probe));
                executed.countDown();
            });
            await(executed);
            seen.add(executor.submit(probe).get());
            seen.add(executor.submit(() -> seen.add(call(probe)), "done").get());
            seen.add(executor.submit((Runnable) () -> seen.add(call(probe))).get() == null ? "null" : "?");
            for (Future<String> f : executor.invokeAll(List.of(probe, probe))) {
                seen.add(f.get());
            }
            for (Future<String> f : executor.invokeAll(List.of(probe), 10, TimeUnit.SECONDS)) {
                seen.add(f.get());
            }
            seen.add(executor.invokeAny(List.of(probe)));
            seen.add(executor.invokeAny(List.of(probe), 10, TimeUnit.SECONDS));
            return g().require(KEY);
        });

        assertThat(app.testClient().get("/paths").text()).as("the request's own g").isEqualTo("request");
        String copy = "/paths copy=true g=empty";
        assertThat(seen).containsExactly(copy, copy, copy, "done", copy, "null", copy, copy, copy, copy, copy);
    }

    private static String call(Callable<String> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPoolThreadKeepsNoContextAfterATaskAlsoWhenTheTaskThrows() throws Exception {
        Carafe app = app("pool");
        BlockingQueue<Throwable> uncaught = new LinkedBlockingQueue<>();
        ExecutorService one = Executors.newSingleThreadExecutor(Thread.ofPlatform()
                .uncaughtExceptionHandler((thread, e) -> uncaught.add(e)).factory());
        pools.add(one);
        ExecutorService executor = Background.executor(one);
        app.get("/", () -> {
            executor.submit(() -> "fine").get();
            Future<?> failing = executor.submit(() -> {
                throw new IllegalStateException("boom");
            });
            assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
            executor.execute(() -> {
                throw new IllegalStateException("boom again");
            });
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("pool")) {
            assertThat(app.testClient().get("/").text()).isEqualTo("ok");
            assertThat(log.await(2)).extracting(e -> e.getThrowableProxy().getMessage())
                    .containsExactlyInAnyOrder("boom", "boom again");
        }

        assertThat(one.submit(() -> Globals.hasAppContext() + " " + Globals.currentContext().isPresent()).get())
                .isEqualTo("false false");
        assertThat(uncaught.poll(10, TimeUnit.SECONDS)).as("what execute() threw reached the thread's handler")
                .hasMessage("boom again");
    }

    @Test
    void aFailureInACopyReachesTheFutureIsLoggedWithTheRequestAndLeavesTheRequestsTeardownAlone() throws Exception {
        Carafe app = app("fails");
        ExecutorService executor = Background.executor(pool(1));
        AtomicReference<Throwable> reached = new AtomicReference<>();
        app.post("/orders", () -> {
            try {
                executor.submit(() -> {
                    throw new IllegalStateException("the mail server is down");
                }).get();
            } catch (ExecutionException e) {
                reached.set(e.getCause());
            }
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("fails")) {
            assertThat(app.testClient().post("/orders").text()).isEqualTo("ok");
            ILoggingEvent event = log.await(1).getFirst();
            assertThat(event.getFormattedMessage()).isEqualTo("Background work copied from POST /orders failed");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("the mail server is down");
        }
        assertThat(reached.get()).isInstanceOf(IllegalStateException.class).hasMessage("the mail server is down");
        assertThat(trace).containsOnlyOnce("teardown_request completed");
    }

    @Test
    void aFailureInAFutureChainReachesJoinAndIsLoggedOnceInTheCopyWhereItWasThrown() throws Exception {
        Carafe app = app("chain");
        app.get("/", () -> {
            MDC.put("requestId", "r-7");
            CompletableFuture<String> chain = Background.supplyAsync(() -> "a")
                    .thenApplyAsync(a -> {
                        throw new IllegalArgumentException("bad " + a);
                    })
                    .thenApplyAsync(b -> b + "c")
                    .thenApply(c -> c + "d");
            MDC.clear();
            assertThatThrownBy(chain::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class).cause().hasMessage("bad a");
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("chain")) {
            assertThat(app.testClient().get("/").text()).isEqualTo("ok");
            ILoggingEvent event = log.await(1).getFirst();
            assertThat(event.getFormattedMessage()).isEqualTo("Background work copied from GET / failed");
            assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "r-7");
            Thread.sleep(200);
            assertThat(log.events()).as("logged once, not once per stage").hasSize(1);
        }
    }

    @Test
    void theCopysTeardownIsToldOfTheFailureWhetherItEscapedOrAFutureCaughtIt() throws Exception {
        Carafe app = app("outcomes");
        List<String> outcomes = new CopyOnWriteArrayList<>();
        app.teardownAppContext(o -> {
            if (Globals.context().isCopy()) {
                outcomes.add(describe(o));
            }
        });
        ExecutorService executor = Background.executor(pool(1));
        app.get("/", () -> {
            Future<?> submitted = executor.submit(() -> {
                throw new IllegalStateException("submitted");
            });
            assertThatThrownBy(submitted::get).hasCauseInstanceOf(IllegalStateException.class);
            CompletableFuture<String> stage = Background.supplyAsync(() -> "x").thenApplyAsync(x -> {
                throw new IllegalStateException("in a stage");
            });
            assertThatThrownBy(stage::join).hasCauseInstanceOf(IllegalStateException.class);
            Callable<String> called = Background.wrapCallable(() -> {
                throw new IllegalStateException("called");
            });
            assertThatThrownBy(called::call).isInstanceOf(IllegalStateException.class);
            executor.submit(() -> "fine").get();
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("outcomes")) {
            app.testClient().get("/");
            awaitCopiesTornDown(5);
            assertThat(log.await(3)).hasSize(3);
        }

        assertThat(outcomes).containsExactlyInAnyOrder("failed submitted", "completed", "failed in a stage",
                "failed called", "completed");
        assertThat(trace).containsOnlyOnce("teardown_request completed");
    }

    /**
     * The caller is parked in {@code join()} when the stage fails, so the caller wakes up and may
     * run the future's remaining dependents itself, outside the copy. The failure must still be
     * logged in the copy and reach the copy's teardown, every time: it is reported where it is thrown.
     */
    @Test
    void aStageFailureReachesItsCopyEvenWhenTheCallerIsAlreadyWaitingForIt() throws Exception {
        int requests = 40;
        Carafe app = app("waiting");
        List<String> outcomes = new CopyOnWriteArrayList<>();
        app.teardownAppContext(o -> {
            if (Globals.context().isCopy()) {
                outcomes.add(describe(o));
            }
        });
        app.get("/<int:n>", () -> {
            Thread caller = Thread.currentThread();
            int n = (Integer) request().pathParams().get("n");
            CompletableFuture<String> stage = Background.supplyAsync(() -> "x").thenApplyAsync(x -> {
                awaitWaiting(caller);
                throw new IllegalStateException("stage " + n);
            });
            assertThatThrownBy(stage::join).hasCauseInstanceOf(IllegalStateException.class);
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("waiting")) {
            for (int n = 0; n < requests; n++) {
                assertThat(app.testClient().get("/" + n).text()).isEqualTo("ok");
            }
            awaitCopiesTornDown(2 * requests);
            assertThat(log.await(requests)).hasSize(requests);
        }
        assertThat(outcomes).hasSize(2 * requests).filteredOn(o -> o.startsWith("failed")).hasSize(requests);
        for (int n = 0; n < requests; n++) {
            assertThat(outcomes).contains("failed stage " + n);
        }
    }

    /** Spins until {@code thread} is parked (in {@code join()}), for at most ten seconds. */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aWrappedCallableThrowsToItsCallerAndIsLogged() throws Exception {
        Carafe app = app("callable");
        app.get("/", () -> {
            Callable<String> task = Background.wrapCallable(() -> {
                throw new java.io.IOException("disk full");
            });
            assertThatThrownBy(task::call).isInstanceOf(java.io.IOException.class).hasMessage("disk full");
            return "ok";
        });

        try (CapturedErrors log = new CapturedErrors("callable")) {
            assertThat(app.testClient().get("/").text()).isEqualTo("ok");
            assertThat(log.await(1).getFirst().getFormattedMessage()).isEqualTo("Background work copied from GET / failed");
        }
        assertThat(trace).containsExactly("teardown_appcontext copy", "teardown_request completed", "teardown_appcontext origin");
    }

    @Test
    void aThreadFromTheFactoryRunsItsTaskInACopyAndAFailureReachesTheFuture() throws Exception {
        Carafe app = app("threads");
        app.get("/", () -> {
            try (ExecutorService perTask = Executors.newThreadPerTaskExecutor(Background.threadFactory())) {
                String seen = perTask.submit(() -> request().path() + " " + Globals.context().isCopy() + " "
                        + Thread.currentThread().isVirtual()).get();
                Future<String> failing = perTask.submit(() -> {
                    throw new IllegalStateException("no");
                });
                assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
                return seen;
            }
        });

        try (CapturedErrors log = new CapturedErrors("threads")) {
            assertThat(app.testClient().get("/").text()).isEqualTo("/ true true");
            assertThat(log.await(1).getFirst().getThrowableProxy().getMessage()).isEqualTo("no");
        }
    }

    // ---- work that never runs gives back what it held ---------------------------------------------

    @Test
    void aTaskCancelledBeforeItStartsGivesBackWhatItsCopyHeldAndRunsNoTeardown() throws Exception {
        Carafe app = app("cancel");
        ExecutorService executor = Background.executor(pool(1));
        CountDownLatch gate = new CountDownLatch(1);
        app.get("/", () -> {
            heldContext.current();
            executor.submit(() -> {
                gate.await();
                return "blocker";
            });
            Future<?> never = executor.submit(() -> trace.add("cancelled task ran"));
            assertThat(never.cancel(false)).isTrue();
            return "ok";
        });

        app.testClient().get("/");
        assertThat(held.closes).hasValue(0);
        gate.countDown();
        await(held.closed);

        assertThat(held.closes).hasValue(1);
        assertThat(trace).doesNotContain("cancelled task ran").containsOnlyOnce("teardown_appcontext copy");
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverRanAndGivesBackWhatTheirCopiesHeld() throws Exception {
        Carafe app = app("drain");
        ExecutorService executor = Background.executor(pool(1));
        CountDownLatch started = new CountDownLatch(1);
        Runnable first = () -> trace.add("first ran");
        Runnable second = () -> trace.add("second ran");
        app.get("/", () -> {
            heldContext.current();
            executor.execute(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException stopped) {
                    trace.add("blocker stopped");
                }
            });
            executor.execute(first);
            executor.execute(second);
            return "ok";
        });
        app.testClient().get("/");
        await(started);

        List<Runnable> neverRan = executor.shutdownNow();

        assertThat(neverRan).containsExactly(first, second);
        await(held.closed);
        assertThat(held.closes).hasValue(1);
        assertThat(trace).doesNotContain("first ran", "second ran").containsOnlyOnce("teardown_appcontext copy");
    }

    @Test
    void aRefusedTaskGivesBackWhatItsCopyHeld() {
        Carafe app = app("refused");
        ExecutorService shut = pool(1);
        shut.shutdown();
        ExecutorService executor = Background.executor(shut);
        app.get("/", () -> {
            heldContext.current();
            assertThatThrownBy(() -> executor.submit(() -> "x")).isInstanceOf(RejectedExecutionException.class);
            return "ok";
        });

        app.testClient().get("/");

        assertThat(held.closes).as("released when the request ended").hasValue(1);
        assertThat(trace).doesNotContain("teardown_appcontext copy");
    }

    @Test
    void aWrappedTaskNobodyRunsGivesBackWhatItsCopyHeldOnceItIsCollected() throws Exception {
        Carafe app = app("dropped");
        AtomicReference<Runnable> unrun = new AtomicReference<>();
        app.get("/", () -> {
            heldContext.current();
            unrun.set(Background.wrap(() -> trace.add("never")));
            return "ok";
        });

        app.testClient().get("/");
        // Kept reachable until checked: a GC that ran while the request was ending would give it back already.
        assertThat(held.closes).as("held by the unrun copy").hasValue(0);
        unrun.set(null);
        collectUntilClosed();

        assertThat(held.closes).hasValue(1);
        assertThat(trace).doesNotContain("never", "teardown_appcontext copy");
    }

    @Test
    void aPlainCopyNobodyPushesGivesBackWhatItHeldOnceItIsCollected() throws Exception {
        Carafe app = app("dropped-copy");
        AtomicReference<Context> unpushed = new AtomicReference<>();
        app.get("/", () -> {
            heldContext.current();
            unpushed.set(Globals.copyContext()); // made, then dropped below: the work it was for never ran
            return "ok";
        });

        app.testClient().get("/");
        assertThat(held.closes).as("held by the unpushed copy").hasValue(0);
        unpushed.set(null);
        collectUntilClosed();

        assertThat(held.closes).hasValue(1);
    }

    /** Collects garbage until the dropped copy's hold was given back (by the Cleaner's thread), for up to 30 s. */
    private void collectUntilClosed() throws InterruptedException {
        for (int i = 0; i < 300 && held.closed.getCount() > 0; i++) {
            System.gc();
            held.closed.await(100, TimeUnit.MILLISECONDS);
        }
    }

    // ---- StructuredTaskScope: no wrapping --------------------------------------------------------

    @Test
    void structuredTaskScopeSubtasksSeeTheRequestAndShareItsGWithNoWrapping() throws Exception {
        Carafe app = app("scope");
        app.get("/scoped", () -> {
            g().set(KEY, "set by the request");
            try (var scope = StructuredTaskScope.open()) {
                var path = scope.fork(() -> request().path());
                var shared = scope.fork(() -> g().require(KEY) + ", same context=" + (Globals.context().isCopy() ? "no" : "yes"));
                scope.join();
                return path.get() + " | " + shared.get();
            }
        });

        assertThat(app.testClient().get("/scoped").text()).isEqualTo("/scoped | set by the request, same context=yes");
        assertThat(trace).containsExactly("teardown_request completed", "teardown_appcontext origin");
    }

    @Test
    void structuredTaskScopeSubtasksSeeTheContextOfCtxRunButNotOneThatWasOnlyPushed() throws Exception {
        Carafe app = app("scope-run");
        String fromRun = app.appContext().call(() -> {
            try (var scope = StructuredTaskScope.open()) {
                var name = scope.fork(() -> currentApp().name());
                scope.join();
                return name.get();
            }
        });
        String fromPush;
        try (Context ctx = app.appContext().push(); var scope = StructuredTaskScope.open()) {
            var seen = scope.fork(() -> Globals.hasAppContext());
            scope.join();
            fromPush = "pushed context visible in subtask: " + seen.get();
        }

        assertThat(fromRun).isEqualTo("scope-run");
        assertThat(fromPush).isEqualTo("pushed context visible in subtask: false");
    }

    @Test
    void aWrappedSubtaskRunsInACopyWithItsOwnGAndItsFailureReachesJoinAndTheLog() throws Exception {
        Carafe app = app("scope-wrap");
        app.get("/", () -> {
            g().set(KEY, "request");
            try (var scope = StructuredTaskScope.open()) {
                var own = scope.fork(Background.wrapCallable(() -> g().get(KEY).orElse("empty") + " copy=" + Globals.context().isCopy()));
                scope.join();
                String seen = own.get();
                try (var failing = StructuredTaskScope.open()) {
                    failing.fork(Background.wrapCallable(() -> {
                        throw new IllegalStateException("subtask failed");
                    }));
                    assertThatThrownBy(failing::join).isInstanceOf(StructuredTaskScope.FailedException.class)
                            .cause().hasMessage("subtask failed");
                }
                return seen;
            }
        });

        try (CapturedErrors log = new CapturedErrors("scope-wrap")) {
            assertThat(app.testClient().get("/").text()).isEqualTo("empty copy=true");
            assertThat(log.await(1).getFirst().getFormattedMessage()).isEqualTo("Background work copied from GET / failed");
        }
        assertThat(trace).containsExactly("teardown_appcontext copy", "teardown_appcontext copy",
                "teardown_request completed", "teardown_appcontext origin");
    }
}
