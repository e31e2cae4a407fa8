package dev.carafe.correlation;

import static dev.carafe.correlation.Correlation.MDC_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.ContextException;
import dev.carafe.Globals;
import dev.carafe.Signal;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import dev.carafe.testsupport.CapturedLogs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** Correlation ids in one app, served in memory: headers, the MDC, copies, and contexts outside requests. */
class CorrelationTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String TRACEPARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    private CapturedLogs logs;
    private final ExecutorService onePool = Executors.newSingleThreadExecutor(r -> new Thread(r, "one-pool"));

    @BeforeEach
    void captureLogs() {
        MDC.clear();
        logs = CapturedLogs.capture();
    }

    @AfterEach
    void stop() {
        logs.close();
        onePool.shutdownNow();
        MDC.clear();
    }

    private static Carafe app(String name) {
        return Carafe.create(name, Config.builder().set(Config.TESTING, false).build());
    }

    /** An app that logs from every place a request runs code, and answers with the current id. */
    private Carafe loggingApp() {
        Carafe app = app("shop");
        Correlation.install(app);
        app.connect(Signal.REQUEST_STARTED, e -> app.logger().info("signal: request started"));
        app.beforeRequest(() -> app.logger().info("before request"));
        app.get("/", () -> {
            app.logger().info("handler");
            return Correlation.current();
        });
        app.get("/boom", () -> {
            throw new IllegalStateException("boom");
        });
        app.get("/missing", () -> {
            throw Globals.abort(404);
        });
        app.errorHandler(404, e -> {
            app.logger().info("error handler");
            return "not here";
        });
        app.afterRequest(r -> {
            app.logger().info("after request");
            return r;
        });
        app.teardownRequest(o -> app.logger().info("teardown request"));
        app.teardownAppContext(o -> app.logger().info("teardown app context"));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> app.logger().info("signal: app context tearing down"));
        return app;
    }

    private static TestResponse get(Carafe app, String path, String... headers) {
        TestRequest request = TestRequest.get(path);
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        return app.testClient().send(request);
    }

    // ---- incoming headers ------------------------------------------------------------------------

    @Test
    void xRequestIdComesFirstThenXCorrelationIdThenTheTraceparentsTraceId() {
        Carafe app = loggingApp();

        assertThat(get(app, "/", "X-Request-ID", "req-1", "X-Correlation-ID", "corr-1", "traceparent", TRACEPARENT)
                .text()).isEqualTo("req-1");
        assertThat(get(app, "/", "X-Correlation-ID", "corr-1", "traceparent", TRACEPARENT).text()).isEqualTo("corr-1");
        assertThat(get(app, "/", "traceparent", TRACEPARENT).text()).isEqualTo(TRACE);
        assertThat(get(app, "/").text()).matches("[0-9a-f]{32}");
    }

    @Test
    void headerNamesMatchInAnyCase() {
        Carafe app = loggingApp();

        assertThat(get(app, "/", "x-request-id", "lower-case").text()).isEqualTo("lower-case");
    }

    @Test
    void anInvalidValueCountsAsAbsentSoTheNextHeaderOrANewIdIsUsed() {
        Carafe app = loggingApp();

        assertThat(get(app, "/", "X-Request-ID", "bad value", "X-Correlation-ID", "corr-2").text()).isEqualTo("corr-2");
        assertThat(get(app, "/", "X-Request-ID", "bad value", "traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")
                .text()).matches("[0-9a-f]{32}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abc def INFO forged", "abc\u001b[2Jcleared", "abc\u2028forged", "caf\u00e9", "${jndi:ldap://x/a}",
        "%0d%0aforged", "<img src=x>", "abc\tdef"
    })
    void maliciousIncomingIdsAreReplacedAndNeverLoggedOrEchoed(String malicious) {
        Carafe app = loggingApp();

        TestResponse r = get(app, "/", "X-Request-ID", malicious);

        assertThat(r.text()).matches("[0-9a-f]{32}");
        assertThat(r.header("X-Request-ID")).contains(r.text());
        assertThat(logs.lines()).noneMatch(l -> l.message().contains(malicious)
                || l.mdc(MDC_KEY).orElse("").contains(malicious));
    }

    @Test
    void anIdLongerThan128CharactersIsReplaced() {
        Carafe app = loggingApp();

        assertThat(get(app, "/", "X-Request-ID", "a".repeat(128)).text()).isEqualTo("a".repeat(128));
        assertThat(get(app, "/", "X-Request-ID", "a".repeat(129)).text()).matches("[0-9a-f]{32}");
    }

    @Test
    void theHeadersAreConfigurable() {
        Carafe app = app("custom");
        Correlation.builder().incomingHeaders("X-Amzn-Trace-Id", "X-Request-ID").readTraceParent(false)
                .responseHeader("X-Trace").install(app);
        app.get("/", Correlation::current);

        TestResponse r = get(app, "/", "X-Request-ID", "second", "X-Amzn-Trace-Id", "Root=1-abc");
        assertThat(r.text()).isEqualTo("Root=1-abc");
        assertThat(r.header("X-Trace")).contains("Root=1-abc");
        assertThat(r.header("X-Request-ID")).isEmpty();
        assertThat(get(app, "/", "traceparent", TRACEPARENT).text()).isNotEqualTo(TRACE).matches("[0-9a-f]{32}");
    }

    @Test
    void theResponseHeaderCanBeTurnedOff() {
        Carafe app = app("quiet");
        Correlation.builder().noResponseHeader().install(app);
        app.get("/", Correlation::current);

        assertThat(get(app, "/", "X-Request-ID", "abc").header("X-Request-ID")).isEmpty();
    }

    // ---- the response ------------------------------------------------------------------------

    @Test
    void everyResponseEchoesTheIdErrorsToo() {
        Carafe app = loggingApp();

        assertThat(get(app, "/", "X-Request-ID", "ok-1").header("X-Request-ID")).contains("ok-1");
        assertThat(get(app, "/missing", "X-Request-ID", "nf-1").header("X-Request-ID")).contains("nf-1");
        TestResponse error = get(app, "/boom", "X-Request-ID", "err-1");
        assertThat(error.status()).isEqualTo(500);
        assertThat(error.header("X-Request-ID")).contains("err-1");
        TestResponse generated = get(app, "/nowhere");
        assertThat(generated.text()).isEqualTo("not here");
        assertThat(generated.header("X-Request-ID").orElseThrow()).matches("[0-9a-f]{32}");
    }

    // ---- the MDC ---------------------------------------------------------------------------------

    @Test
    void everyLineOfTheRequestCarriesTheIdFromTheFirstSignalToTheLastTeardown() {
        Carafe app = loggingApp();

        get(app, "/", "X-Request-ID", "trace-me");

        assertThat(logs.lines()).extracting(CapturedLogs.Line::message).containsExactly(
                "signal: request started", "before request", "handler", "after request", "teardown request",
                "teardown app context", "signal: app context tearing down");
        assertThat(logs.lines()).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).contains("trace-me"));
    }

    @Test
    void errorHandlersAndTheUnhandledErrorLogCarryTheId() {
        Carafe app = loggingApp();

        get(app, "/missing", "X-Request-ID", "nf-2");
        get(app, "/boom", "X-Request-ID", "err-2");

        assertThat(logs.single("error handler").mdc(MDC_KEY)).contains("nf-2");
        assertThat(logs.single("Exception on /boom [GET]").mdc(MDC_KEY)).contains("err-2");
    }

    @Test
    void aFailingTeardownIsLoggedWithTheId() {
        Carafe app = loggingApp();
        app.teardownRequest(o -> {
            throw new IllegalStateException("teardown failed");
        });

        get(app, "/", "X-Request-ID", "td-1");

        assertThat(logs.single("Error during teardown").mdc(MDC_KEY)).contains("td-1");
        assertThat(MDC.get(Correlation.MDC_KEY)).isNull();
    }

    @Test
    void theIdIsRemovedWhenTheRequestEndsAndThePreviousValueIsPutBack() {
        Carafe app = loggingApp();

        get(app, "/", "X-Request-ID", "first");
        assertThat(MDC.get(Correlation.MDC_KEY)).isNull();

        MDC.put(Correlation.MDC_KEY, "the-callers-own");
        get(app, "/", "X-Request-ID", "second");
        assertThat(MDC.get(Correlation.MDC_KEY)).isEqualTo("the-callers-own");
    }

    @Test
    void aPooledThreadNeverCarriesOneRequestsIdIntoTheNextOrBetweenThem() throws Exception {
        Carafe app = loggingApp();
        TestClient client = app.testClient();

        List<String> answers = new ArrayList<>();
        answers.add(onePool.submit(() -> client.send(TestRequest.get("/").header("X-Request-ID", "one")).text()).get());
        onePool.submit(() -> app.logger().info("between requests")).get();
        answers.add(onePool.submit(() -> client.get("/").text()).get());
        answers.add(onePool.submit(() -> client.get("/").text()).get());
        Optional<String> left = onePool.submit(() -> Optional.ofNullable(MDC.get(Correlation.MDC_KEY))).get();

        assertThat(answers.getFirst()).isEqualTo("one");
        assertThat(new HashSet<>(answers)).hasSize(3);
        assertThat(logs.single("between requests").mdc(MDC_KEY)).isEmpty();
        assertThat(logs.containing("handler")).extracting(l -> l.mdc(MDC_KEY).orElseThrow())
                .containsExactlyElementsOf(answers);
        assertThat(left).isEmpty();
    }

    @Test
    void copiesOfTheRequestInOtherThreadsLogWithTheSameIdAndCleanUpAfter() throws Exception {
        Carafe app = app("bg");
        Correlation.install(app);
        List<Future<?>> work = new ArrayList<>();
        app.get("/", () -> {
            Context copy = Globals.copyContext();
            work.add(onePool.submit(() -> copy.run(() -> app.logger().info("in the copy, id {}", Correlation.current()))));
            return Correlation.current();
        });

        String id = get(app, "/", "X-Request-ID", "bg-1").text();
        work.getFirst().get(10, TimeUnit.SECONDS);
        onePool.submit(() -> app.logger().info("after the copy")).get();

        assertThat(id).isEqualTo("bg-1");
        CapturedLogs.Line inCopy = logs.single("in the copy");
        assertThat(inCopy.thread()).isEqualTo("one-pool");
        assertThat(inCopy.mdc(MDC_KEY)).contains("bg-1");
        assertThat(inCopy.message()).isEqualTo("in the copy, id bg-1");
        assertThat(logs.single("after the copy").mdc(MDC_KEY)).isEmpty();
    }

    @Test
    void concurrentRequestsNeverShareAnId() throws Exception {
        Carafe app = app("busy");
        Correlation.install(app);
        app.get("/", () -> {
            app.logger().info("serving {}", Correlation.current());
            Thread.yield();
            app.logger().info("done {}", Correlation.current());
            return Correlation.current();
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    TestClient client = app.testClient();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        ids.add(client.get("/").text());
                    }
                    return ids;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> f : futures) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(100);
        } finally {
            pool.shutdownNow();
        }
        // Each line names the id it was written under; the MDC must agree, line by line.
        assertThat(logs.containing("serving ")).hasSize(100).allSatisfy(l ->
                assertThat(l.mdc(MDC_KEY)).contains(l.message().substring("serving ".length())));
        assertThat(logs.containing("done ")).hasSize(100).allSatisfy(l ->
                assertThat(l.mdc(MDC_KEY)).contains(l.message().substring("done ".length())));
    }

    @Test
    void severalAppsInOneJvmEachHaveTheirOwnSettings() {
        Carafe a = app("a");
        Carafe b = app("b");
        Correlation.install(a);
        Correlation.builder().responseHeader("X-B-Id").install(b);
        a.get("/", Correlation::current);
        b.get("/", Correlation::current);

        assertThat(get(a, "/", "X-Request-ID", "for-a").header("X-Request-ID")).contains("for-a");
        assertThat(get(b, "/", "X-Request-ID", "for-b").header("X-B-Id")).contains("for-b");
        assertThat(Correlation.of(a).responseHeader()).contains("X-Request-ID");
        assertThat(Correlation.of(b).responseHeader()).contains("X-B-Id");
    }

    // ---- outside requests -----------------------------------------------------------------------

    @Test
    void aJobOrCliCommandRunsWithAGivenIdThatLeavesNoTrace() {
        Carafe app = app("jobs");
        Correlation.install(app);

        Correlation.run(app, "nightly-2026-11-22", () -> app.logger().info("job ran with {}", Correlation.current()));

        CapturedLogs.Line line = logs.single("job ran");
        assertThat(line.message()).isEqualTo("job ran with nightly-2026-11-22");
        assertThat(line.mdc(MDC_KEY)).contains("nightly-2026-11-22");
        assertThat(MDC.get(Correlation.MDC_KEY)).isNull();
    }

    @Test
    void aJobWithoutAnIdGetsANewOne() throws Exception {
        Carafe app = app("jobs");
        Correlation.install(app);

        Correlation.run(app, () -> app.logger().info("fresh"));
        try (Context ctx = Correlation.appContext(app, "cli-7").push()) {
            app.logger().info("in try-with-resources {}", Correlation.current());
        }
        String called = Correlation.call(app, "cli-8", Correlation::current);

        assertThat(logs.single("fresh").mdc(MDC_KEY).orElseThrow()).matches("[0-9a-f]{32}");
        assertThat(logs.single("in try-with-resources").mdc(MDC_KEY)).contains("cli-7");
        assertThat(called).isEqualTo("cli-8");
        assertThat(MDC.get(Correlation.MDC_KEY)).isNull();
    }

    @Test
    void aJobRejectsAnInvalidId() {
        Carafe app = app("jobs");
        Correlation.install(app);

        assertThatThrownBy(() -> Correlation.run(app, "two\nlines", () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correlation id may only contain A-Z a-z 0-9 - _ . : + / =, but character 4 is U+000A");
    }

    @Test
    void aContextOpenedInsideARequestWithItsOwnIdPutsTheRequestsIdBackAfter() {
        Carafe app = loggingApp();
        app.get("/nested", () -> {
            Correlation.run(app, "inner", () -> app.logger().info("inner work"));
            app.logger().info("back in the request");
            return Correlation.current();
        });

        get(app, "/nested", "X-Request-ID", "outer");

        assertThat(logs.single("inner work").mdc(MDC_KEY)).contains("inner");
        assertThat(logs.single("back in the request").mdc(MDC_KEY)).contains("outer");
    }

    @Test
    void aPlainAppContextInsideARequestKeepsTheRequestsId() {
        Carafe app = loggingApp();
        app.get("/plain", () -> {
            String[] seen = new String[1];
            app.appContext().run(() -> {
                app.logger().info("plain app context");
                seen[0] = Correlation.current();
            });
            return seen[0];
        });

        assertThat(get(app, "/plain", "X-Request-ID", "outer-2").text()).isEqualTo("outer-2");
        assertThat(logs.single("plain app context").mdc(MDC_KEY)).contains("outer-2");
    }

    @Test
    void outsideAnyContextThereIsNoIdAndTheMessageSaysHowToOpenOne() {
        assertThat(Correlation.currentId()).isEmpty();
        assertThat(Correlation.outgoingHeaders()).isEmpty();
        assertThatThrownBy(Correlation::current)
                .isInstanceOf(ContextException.class)
                .hasMessage("There is no correlation id here: no context is current on this thread. In a CLI command"
                        + " or a job, open one with Correlation.run(app, () -> ...) (a new id) or Correlation.run(app,"
                        + " id, () -> ...); to use a request's id in another thread, run the work in a copy of its"
                        + " context (Globals.copyContext()).");
    }

    @Test
    void aPlainAppContextOfItsOwnHasNoId() {
        Carafe app = app("plain");
        Correlation.install(app);

        app.appContext().run(() -> {
            assertThat(Correlation.currentId()).isEmpty();
            assertThatThrownBy(Correlation::current)
                    .isInstanceOf(ContextException.class)
                    .hasMessageContaining("it was opened with app.appContext(), which carries none. Open it with"
                            + " Correlation.run(app, () -> ...) or Correlation.appContext(app, id).");
        });
    }

    // ---- setup -----------------------------------------------------------------------------------

    @Test
    void installingTwiceFails() {
        Carafe app = app("twice");
        Correlation.install(app);

        assertThatThrownBy(() -> Correlation.install(app))
                .isInstanceOf(CarafeException.class)
                .hasMessage("Correlation ids are already installed on app 'twice'. Install them once, during setup.");
    }

    @Test
    void usingAnAppWithoutThemSaysHowToInstallThem() {
        Carafe app = app("bare");

        assertThatThrownBy(() -> Correlation.run(app, "x", () -> { }))
                .isInstanceOf(CarafeException.class)
                .hasMessage("Correlation ids are not installed on app 'bare'. Install them during setup, before other"
                        + " hooks: Correlation.install(app).");
    }

    @Test
    void theRequestsIdIsItsUserContextSoCodeCanAlsoReadItByType() {
        Carafe app = loggingApp();
        app.get("/typed", () -> Globals.userContext(CorrelationId.class).traceParent().orElseThrow().traceId());

        assertThat(get(app, "/typed", "X-Request-ID", "typed", "traceparent", TRACEPARENT).text()).isEqualTo(TRACE);
    }
}
