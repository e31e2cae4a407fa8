package dev.carafe.contract;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Globals;
import dev.carafe.Group;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.Signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exact order of every hook and signal (flask-model.md §1.3), for each way a request can
 * go. Every way of serving an app runs these: the in-memory test client, the Jetty adapter and
 * the servlet adapter each subclass it and say how a request is sent.
 */
public abstract class LifecycleOrderContract {

    /** What came back from sending a request. */
    public record Sent(int status, String body) {}

    /** Sends {@code request} to {@code app} the way this adapter serves it, and returns the response. */
    protected abstract Sent send(Carafe app, TestRequest request) throws Exception;

    private final List<String> trace = new CopyOnWriteArrayList<>();
    private final CountDownLatch popped = new CountDownLatch(1);

    /** An app whose every hook and signal appends to {@link #trace}; errors are not propagated. */
    protected Carafe tracedApp() {
        Carafe app = Carafe.create("traced", Config.builder().set(Config.TESTING, false).build());
        app.connect(Signal.APPCONTEXT_PUSHED, e -> trace.add("appcontext_pushed"));
        app.connect(Signal.REQUEST_STARTED, e -> trace.add("request_started"));
        app.connect(Signal.REQUEST_FINISHED, e -> trace.add("request_finished"));
        app.connect(Signal.GOT_REQUEST_EXCEPTION, e -> trace.add("got_request_exception"));
        app.connect(Signal.REQUEST_TEARING_DOWN, e -> trace.add("request_tearing_down(" + describe(e.outcome()) + ")"));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> trace.add("appcontext_tearing_down(" + describe(e.outcome()) + ")"));
        app.connect(Signal.APPCONTEXT_POPPED, e -> {
            trace.add("appcontext_popped");
            popped.countDown();
        });
        app.beforeRequest(() -> trace.add("before_request1"));
        app.beforeRequest(() -> trace.add("before_request2"));
        app.afterRequest(r -> {
            trace.add("after_request1");
            return r;
        });
        app.afterRequest(r -> {
            trace.add("after_request2");
            return r;
        });
        app.teardownRequest(o -> trace.add("teardown_request1(" + describe(o) + ")"));
        app.teardownRequest(o -> trace.add("teardown_request2(" + describe(o) + ")"));
        app.teardownAppContext(o -> trace.add("teardown_appcontext1(" + describe(o) + ")"));
        app.teardownAppContext(o -> trace.add("teardown_appcontext2(" + describe(o) + ")"));
        return app;
    }

    private static String describe(Outcome o) {
        return switch (o) {
            case Outcome.Completed c -> "completed";
            case Outcome.Handled h -> "handled " + h.exception().getClass().getSimpleName();
            case Outcome.Failed f -> "failed " + f.exception().getClass().getSimpleName();
        };
    }

    private List<String> traceAfterTeardown() throws InterruptedException {
        // A server may send the response before teardown finishes; wait for the last signal.
        assertThat(popped.await(10, TimeUnit.SECONDS)).as("appcontext_popped was sent").isTrue();
        return List.copyOf(trace);
    }

    private void afterThisRequestInView() {
        Globals.afterThisRequest(r -> {
            trace.add("after_this_request1");
            return r;
        });
        Globals.afterThisRequest(r -> {
            trace.add("after_this_request2");
            return r;
        });
    }

    @Test
    void normalRequestRunsEveryHookAndSignalInFlasksOrder() throws Exception {
        Carafe app = tracedApp();
        app.get("/", () -> {
            trace.add("view");
            afterThisRequestInView();
            return "ok";
        });
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).isEqualTo("ok");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2", "view",
                "after_this_request1", "after_this_request2", "after_request2", "after_request1", "request_finished",
                "teardown_request2(completed)", "teardown_request1(completed)", "request_tearing_down(completed)",
                "teardown_appcontext2(completed)", "teardown_appcontext1(completed)",
                "appcontext_tearing_down(completed)", "appcontext_popped");
    }

    @Test
    void shortCircuitingBeforeRequestSkipsTheRestAndTheView() throws Exception {
        Carafe app = tracedApp();
        app.beforeRequestGuard(() -> {
            trace.add("before_request3_short_circuits");
            return "from before_request";
        });
        app.beforeRequest(() -> trace.add("before_request4_never"));
        app.get("/", () -> {
            trace.add("view");
            return "ok";
        });
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.body()).isEqualTo("from before_request");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2",
                "before_request3_short_circuits", "after_request2", "after_request1", "request_finished",
                "teardown_request2(completed)", "teardown_request1(completed)", "request_tearing_down(completed)",
                "teardown_appcontext2(completed)", "teardown_appcontext1(completed)",
                "appcontext_tearing_down(completed)", "appcontext_popped");
    }

    @Test
    void handledErrorGoesThroughItsHandlerAndTeardownSeesItAsHandled() throws Exception {
        Carafe app = tracedApp();
        app.errorHandler(IllegalStateException.class, e -> {
            trace.add("errorhandler(" + e.getMessage() + ")");
            return Response.text("handled").status(409);
        });
        app.get("/", () -> {
            trace.add("view");
            throw new IllegalStateException("boom");
        });
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.status()).isEqualTo(409);
        assertThat(sent.body()).isEqualTo("handled");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2", "view",
                "errorhandler(boom)", "after_request2", "after_request1", "request_finished",
                "teardown_request2(handled IllegalStateException)", "teardown_request1(handled IllegalStateException)",
                "request_tearing_down(handled IllegalStateException)",
                "teardown_appcontext2(handled IllegalStateException)", "teardown_appcontext1(handled IllegalStateException)",
                "appcontext_tearing_down(handled IllegalStateException)", "appcontext_popped");
    }

    @Test
    void unhandledErrorTakesTheFiveHundredPathAndTeardownSeesTheError() throws Exception {
        Carafe app = tracedApp();
        app.errorHandler(500, e -> {
            trace.add("errorhandler500(" + e.getCause().getMessage() + ")");
            return Response.text("sorry").status(500);
        });
        app.get("/", () -> {
            trace.add("view");
            throw new IllegalArgumentException("unhandled");
        });
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.status()).isEqualTo(500);
        assertThat(sent.body()).isEqualTo("sorry");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2", "view",
                "got_request_exception", "errorhandler500(unhandled)", "after_request2", "after_request1",
                "request_finished",
                "teardown_request2(failed IllegalArgumentException)", "teardown_request1(failed IllegalArgumentException)",
                "request_tearing_down(failed IllegalArgumentException)",
                "teardown_appcontext2(failed IllegalArgumentException)", "teardown_appcontext1(failed IllegalArgumentException)",
                "appcontext_tearing_down(failed IllegalArgumentException)", "appcontext_popped");
    }

    @Test
    void notFoundIsAnHttpErrorResponseNotAnUnhandledError() throws Exception {
        Carafe app = tracedApp();
        app.get("/", () -> "ok");
        Sent sent = send(app, TestRequest.get("/missing"));
        assertThat(sent.status()).isEqualTo(404);
        assertThat(sent.body()).contains("<h1>Not Found</h1>");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2",
                "after_request2", "after_request1", "request_finished",
                "teardown_request2(handled HttpError)", "teardown_request1(handled HttpError)",
                "request_tearing_down(handled HttpError)",
                "teardown_appcontext2(handled HttpError)", "teardown_appcontext1(handled HttpError)",
                "appcontext_tearing_down(handled HttpError)", "appcontext_popped");
    }

    @Test
    void nestedGroupsRunTheirHooksOuterFirstAndUndoThemInnerFirst() throws Exception {
        // Flask's test_nested_callback_order: app, parent, child for before; the exact reverse after.
        Carafe app = tracedApp();
        Group parent = app.group("parent", "/parent");
        Group child = parent.group("child", "/child");
        for (Group group : List.of(parent, child)) {
            String name = group.name().substring(group.name().lastIndexOf('.') + 1);
            group.beforeRequest(() -> trace.add(name + "_before1"));
            group.beforeRequest(() -> trace.add(name + "_before2"));
            group.afterRequest(r -> {
                trace.add(name + "_after1");
                return r;
            });
            group.afterRequest(r -> {
                trace.add(name + "_after2");
                return r;
            });
            group.teardownRequest(o -> trace.add(name + "_teardown1"));
            group.teardownRequest(o -> trace.add(name + "_teardown2"));
        }
        child.get("/leaf", () -> {
            trace.add("view");
            return "leaf";
        });
        Sent sent = send(app, TestRequest.get("/parent/child/leaf"));
        assertThat(sent.body()).isEqualTo("leaf");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2",
                "parent_before1", "parent_before2", "child_before1", "child_before2", "view",
                "child_after2", "child_after1", "parent_after2", "parent_after1", "after_request2", "after_request1",
                "request_finished",
                "child_teardown2", "child_teardown1", "parent_teardown2", "parent_teardown1",
                "teardown_request2(completed)", "teardown_request1(completed)", "request_tearing_down(completed)",
                "teardown_appcontext2(completed)", "teardown_appcontext1(completed)",
                "appcontext_tearing_down(completed)", "appcontext_popped");
    }

    @Test
    void anAfterRequestThatRaisesTakesTheFiveHundredPathWhereItRunsAgainAndItsSecondFailureIsSwallowed() throws Exception {
        Carafe app = tracedApp();
        app.afterRequest(r -> {
            trace.add("after_request3_raises(" + r.status() + ")");
            throw new IllegalStateException("after_request3");
        });
        app.get("/", () -> {
            trace.add("view");
            return "ok";
        });
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.status()).isEqualTo(500);
        assertThat(sent.body()).contains("<h1>Internal Server Error</h1>");
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2", "view",
                "after_request3_raises(200)", "got_request_exception", "after_request3_raises(500)",
                "teardown_request2(failed IllegalStateException)", "teardown_request1(failed IllegalStateException)",
                "request_tearing_down(failed IllegalStateException)",
                "teardown_appcontext2(failed IllegalStateException)", "teardown_appcontext1(failed IllegalStateException)",
                "appcontext_tearing_down(failed IllegalStateException)", "appcontext_popped");
    }

    @Test
    void anAfterRequestThatRaisesOnlyOnceLetsTheFiveHundredPathFinish() throws Exception {
        Carafe app = tracedApp();
        app.afterRequest(r -> {
            trace.add("after_request3(" + r.status() + ")");
            if (r.status() == 200) {
                throw new IllegalStateException("after_request3");
            }
            return r;
        });
        app.get("/", () -> "ok");
        Sent sent = send(app, TestRequest.get("/"));
        assertThat(sent.status()).isEqualTo(500);
        assertThat(traceAfterTeardown()).containsExactly(
                "appcontext_pushed", "request_started", "before_request1", "before_request2",
                "after_request3(200)", "got_request_exception", "after_request3(500)", "after_request2",
                "after_request1", "request_finished",
                "teardown_request2(failed IllegalStateException)", "teardown_request1(failed IllegalStateException)",
                "request_tearing_down(failed IllegalStateException)",
                "teardown_appcontext2(failed IllegalStateException)", "teardown_appcontext1(failed IllegalStateException)",
                "appcontext_tearing_down(failed IllegalStateException)", "appcontext_popped");
    }
}
