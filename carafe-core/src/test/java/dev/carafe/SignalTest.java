package dev.carafe;

import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.hasRequestContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.testing.TestRequest;
import dev.carafe.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When each signal fires and with what (flask-model.md §1.3, §1.5), and what a failing receiver
 * of each does, with Flask 3.2's semantics.
 */
class SignalTest {
    private final Carafe app = Carafe.create("signals", Config.builder().set(Config.TESTING, false).build());
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).isFalse();
    }

    // ---- when and with what ------------------------------------------------------------------------

    @Test
    void appcontextPushedSeesTheRequestButNoMatchedRouteYet() {
        AtomicReference<String> seen = new AtomicReference<>();
        app.connect(Signal.APPCONTEXT_PUSHED, e -> seen.set(e.context().request().path() + " route="
                + request().route().isPresent() + " current=" + (Globals.context() == e.context())));
        app.get("/here", () -> "ok");
        app.testClient().get("/here");
        assertThat(seen).hasValue("/here route=false current=true");
    }

    @Test
    void appcontextPushedIsSentForAPlainAppContextToo() {
        List<Context> pushed = new ArrayList<>();
        app.connect(Signal.APPCONTEXT_PUSHED, e -> pushed.add(e.context()));
        Context ctx = app.appContext();
        ctx.run(() -> { });
        assertThat(pushed).containsExactly(ctx);
    }

    @Test
    void requestStartedIsSentBeforeTheBeforeRequestFunctionsWithTheRouteMatched() {
        app.connect(Signal.REQUEST_STARTED, e -> trace.add("request_started " + request().endpoint().orElse("?")));
        app.beforeRequest(() -> trace.add("before_request"));
        app.get("/", "index", () -> "ok");
        app.testClient().get("/");
        assertThat(trace).containsExactly("request_started index", "before_request");
    }

    @Test
    void requestFinishedCarriesTheFinalResponseAfterTheAfterRequestFunctions() {
        AtomicReference<Response> finished = new AtomicReference<>();
        app.afterRequest(r -> r.header("X-After", "yes"));
        app.connect(Signal.REQUEST_FINISHED, e -> finished.set(e.response()));
        app.get("/", () -> "ok");
        var response = app.testClient().get("/");
        assertThat(finished.get().headers().get("X-After")).contains("yes");
        assertThat(finished.get().text()).contains("ok");
        assertThat(response.header("X-After")).contains("yes");
    }

    @Test
    void gotRequestExceptionCarriesTheUnhandledErrorAndIsSentForNothingElse() {
        List<Throwable> errors = new ArrayList<>();
        app.connect(Signal.GOT_REQUEST_EXCEPTION, e -> errors.add(e.error()));
        IllegalStateException unhandled = new IllegalStateException("unhandled");
        app.errorHandler(UnsupportedOperationException.class, e -> "handled");
        app.get("/handled", () -> {
            throw new UnsupportedOperationException();
        });
        app.get("/abort", () -> Globals.abort(404));
        app.get("/unhandled", () -> {
            throw unhandled;
        });
        var client = app.testClient();
        try (LogCapture logs = LogCapture.of("signals")) {
            client.get("/handled");
            client.get("/abort");
            client.get("/missing");
            assertThat(errors).isEmpty();
            client.get("/unhandled");
        }
        assertThat(errors).containsExactly(unhandled);
    }

    @Test
    void theTearingDownSignalsCarryTheOutcome() {
        List<Outcome> outcomes = new ArrayList<>();
        app.connect(Signal.REQUEST_TEARING_DOWN, e -> outcomes.add(e.outcome()));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> outcomes.add(e.outcome()));
        RuntimeException boom = new RuntimeException("boom");
        app.get("/", () -> {
            throw boom;
        });
        try (LogCapture logs = LogCapture.of("signals")) {
            app.testClient().get("/");
        }
        assertThat(outcomes).containsExactly(new Outcome.Failed(boom), new Outcome.Failed(boom));
    }

    @Test
    void duringTeardownTheRequestIsStillReachable() {
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> trace.add("tearing_down request=" + hasRequestContext()));
        app.teardownAppContext(o -> trace.add("teardown_appcontext path=" + request().path()));
        app.get("/p", () -> "ok");
        app.testClient().get("/p");
        assertThat(trace).containsExactly("teardown_appcontext path=/p", "tearing_down request=true");
    }

    @Test
    void appcontextPoppedIsSentWhenTheContextIsNoLongerCurrent() {
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("popped current=" + hasAppContext()));
        app.get("/", () -> "ok");
        app.testClient().get("/");
        app.appContext().run(() -> { });
        try (var ctx = app.appContext().push()) {
            trace.add("pushed");
        }
        assertThat(trace).containsExactly("popped current=false", "popped current=false", "pushed",
                "popped current=false");
    }

    @Test
    void appcontextPoppedInsideAnOuterContextSeesTheOuterContextAgain() {
        Context outer = app.appContext().push();
        try {
            app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("current is outer: "
                    + (Globals.currentContext().orElse(null) == outer)));
            app.appContext().run(() -> { });
        } finally {
            outer.pop();
        }
        assertThat(trace).containsExactly("current is outer: true", "current is outer: false");
    }

    @Test
    void signalsArePerAppAndReceiversCanBeDisconnected() {
        Carafe other = Carafe.create("other");
        Signal.Receiver<Signal.ContextEvent> receiver = e -> trace.add("pushed " + e.context().app().name());
        app.connect(Signal.APPCONTEXT_PUSHED, receiver);
        other.appContext().run(() -> { });
        app.appContext().run(() -> { });
        assertThat(app.disconnect(Signal.APPCONTEXT_PUSHED, receiver)).isTrue();
        assertThat(app.disconnect(Signal.APPCONTEXT_PUSHED, receiver)).isFalse();
        app.appContext().run(() -> { });
        assertThat(trace).containsExactly("pushed signals");
    }

    /** An extension's own signal. */
    record Rendered(String template) {}

    static final Signal<Rendered> TEMPLATE_RENDERED = Signal.create("template-rendered", Rendered.class);

    @Test
    void anExtensionCanDeclareAndSendItsOwnSignal() {
        app.connect(TEMPLATE_RENDERED, e -> trace.add("rendered " + e.template()));
        app.send(TEMPLATE_RENDERED, new Rendered("index.html"));
        assertThat(trace).containsExactly("rendered index.html");
        assertThat(TEMPLATE_RENDERED).hasToString("Signal[template-rendered]");
        assertThat(TEMPLATE_RENDERED.eventType()).isEqualTo(Rendered.class);
    }

    // ---- a failing receiver, per signal (Flask 3.2) ------------------------------------------------

    private List<Outcome> recordOutcomes() {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownAppContext(outcomes::add);
        return outcomes;
    }

    @Test
    void aFailingAppcontextPushedReceiverInARequestGivesA500AndTeardownGetsTheErrorAndTheContextIsPopped() {
        List<Outcome> outcomes = recordOutcomes();
        IllegalStateException failure = new IllegalStateException("pushed receiver failed");
        app.connect(Signal.APPCONTEXT_PUSHED, e -> {
            throw failure;
        });
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("popped"));
        app.get("/", () -> {
            trace.add("view");
            return "ok";
        });
        try (LogCapture logs = LogCapture.of("signals")) {
            var response = app.testClient().get("/");
            assertThat(response.status()).isEqualTo(500);
            assertThat(logs.messages(Level.ERROR)).containsExactly("Exception on / [GET]");
        }
        assertThat(trace).containsExactly("popped");
        assertThat(outcomes).containsExactly(new Outcome.Failed(failure));
    }

    @Test
    void aFailingAppcontextPushedReceiverOnAManualPushThrowsAndLeavesNothingPushed() {
        List<Outcome> outcomes = recordOutcomes();
        IllegalStateException failure = new IllegalStateException("pushed receiver failed");
        app.connect(Signal.APPCONTEXT_PUSHED, e -> {
            throw failure;
        });
        Context ctx = app.appContext();
        assertThatThrownBy(ctx::push).isSameAs(failure);
        assertThat(hasAppContext()).isFalse();
        assertThat(outcomes).containsExactly(new Outcome.Failed(failure));
    }

    @Test
    void aFailingRequestStartedReceiverIsHandledLikeAHandlerError() {
        List<Outcome> outcomes = recordOutcomes();
        IllegalStateException failure = new IllegalStateException("started receiver failed");
        app.connect(Signal.REQUEST_STARTED, e -> {
            throw failure;
        });
        app.errorHandler(IllegalStateException.class, e -> Response.text("handled: " + e.getMessage()).status(409));
        app.get("/", () -> "never");
        var response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text()).isEqualTo("handled: started receiver failed");
        assertThat(outcomes).containsExactly(new Outcome.Handled(failure));
    }

    @Test
    void aFailingRequestFinishedReceiverTakesThe500PathWhereItsSecondFailureIsLoggedAndIgnored() {
        List<Outcome> outcomes = recordOutcomes();
        IllegalStateException failure = new IllegalStateException("finished receiver failed");
        app.connect(Signal.REQUEST_FINISHED, e -> {
            trace.add("request_finished " + e.response().status());
            throw failure;
        });
        app.connect(Signal.GOT_REQUEST_EXCEPTION, e -> trace.add("got_request_exception"));
        app.get("/", () -> "ok");
        try (LogCapture logs = LogCapture.of("signals")) {
            var response = app.testClient().get("/");
            assertThat(response.status()).isEqualTo(500);
            assertThat(logs.messages(Level.ERROR)).containsExactly("Exception on / [GET]",
                    "Request finalizing failed with an error while handling an error");
        }
        assertThat(trace).containsExactly("request_finished 200", "got_request_exception", "request_finished 500");
        assertThat(outcomes).containsExactly(new Outcome.Failed(failure));
    }

    @Test
    void aFailingGotRequestExceptionReceiverEscapesToTheCallerButTeardownGetsTheOriginalError() {
        List<Outcome> outcomes = recordOutcomes();
        IllegalStateException original = new IllegalStateException("original");
        IllegalArgumentException receiverFailure = new IllegalArgumentException("receiver failed");
        app.connect(Signal.GOT_REQUEST_EXCEPTION, e -> {
            throw receiverFailure;
        });
        app.get("/", () -> {
            throw original;
        });
        assertThatThrownBy(() -> app.testClient().get("/")).isSameAs(receiverFailure);
        assertThat(outcomes).containsExactly(new Outcome.Failed(original));
    }

    @Test
    void aFailingRequestTearingDownReceiverIsCollectedAndTheRestOfTeardownStillRuns() {
        IllegalStateException failure = new IllegalStateException("request_tearing_down failed");
        app.connect(Signal.REQUEST_TEARING_DOWN, e -> {
            throw failure;
        });
        app.teardownAppContext(o -> trace.add("teardown_appcontext"));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> trace.add("appcontext_tearing_down"));
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("appcontext_popped"));
        Context ctx = app.testRequestContext(TestRequest.get("/")).push();
        try (LogCapture logs = LogCapture.of("signals")) {
            assertThatThrownBy(ctx::pop).isSameAs(failure);
        }
        assertThat(trace).containsExactly("teardown_appcontext", "appcontext_tearing_down", "appcontext_popped");
    }

    @Test
    void aFailingAppcontextTearingDownReceiverIsCollectedAndPoppedIsStillSent() {
        IllegalStateException failure = new IllegalStateException("appcontext_tearing_down failed");
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> {
            throw failure;
        });
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("appcontext_popped"));
        try (LogCapture logs = LogCapture.of("signals")) {
            assertThatThrownBy(() -> app.appContext().run(() -> trace.add("work"))).isSameAs(failure);
        }
        assertThat(trace).containsExactly("work", "appcontext_popped");
    }

    @Test
    void aFailingAppcontextPoppedReceiverIsThrownAfterTheContextWasPopped() {
        IllegalStateException failure = new IllegalStateException("appcontext_popped failed");
        app.connect(Signal.APPCONTEXT_POPPED, e -> {
            throw failure;
        });
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("second receiver"));
        Context ctx = app.appContext().push();
        try (LogCapture logs = LogCapture.of("signals")) {
            assertThatThrownBy(ctx::pop).isSameAs(failure);
        }
        assertThat(trace).containsExactly("second receiver");
    }

    @Test
    void aReceiverThatThrowsACheckedExceptionIsWrappedNamingTheSignal() {
        app.connect(Signal.REQUEST_STARTED, e -> {
            throw new java.io.IOException("disk full");
        });
        app.errorHandler(CarafeException.class, e -> Response.text(e.getMessage()).status(503));
        app.get("/", () -> "never");
        var response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.text()).isEqualTo("A receiver of Signal[request-started] failed: java.io.IOException: disk full");
    }
}
