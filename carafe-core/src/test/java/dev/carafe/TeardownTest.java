package dev.carafe;

import static dev.carafe.Globals.abort;
import static dev.carafe.Globals.hasAppContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.carafe.testing.TestRequest;
import dev.carafe.testsupport.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Teardown-request and teardown-app-context callbacks: reverse registration order, the
 * {@link Outcome}, and Flask 3.2's rule that every callback runs and failures are reported together.
 */
class TeardownTest {
    private final List<String> calls = new ArrayList<>();

    private static Carafe app(boolean testing) {
        return Carafe.create("teardown", Config.builder().set(Config.TESTING, testing).build());
    }

    @Test
    void teardownCallbacksRunInReverseRegistrationOrderRequestOnesFirst() {
        Carafe app = app(false);
        app.teardownRequest(o -> calls.add("teardown_request1"));
        app.teardownRequest(o -> calls.add("teardown_request2"));
        app.teardownAppContext(o -> calls.add("teardown_appcontext1"));
        app.teardownAppContext(o -> calls.add("teardown_appcontext2"));
        app.get("/", () -> "ok");
        app.testClient().get("/");
        assertThat(calls).containsExactly("teardown_request2", "teardown_request1", "teardown_appcontext2",
                "teardown_appcontext1");
    }

    @Test
    void anAppContextWithoutARequestRunsOnlyTheTeardownAppContextCallbacks() {
        Carafe app = app(false);
        app.teardownRequest(o -> calls.add("teardown_request"));
        app.teardownAppContext(o -> calls.add("teardown_appcontext"));
        app.appContext().run(() -> calls.add("work"));
        assertThat(calls).containsExactly("work", "teardown_appcontext");
    }

    @Test
    void eachCallbackIsGivenTheOutcomeOfTheRequest() {
        Carafe app = app(false);
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownRequest(outcomes::add);
        app.teardownAppContext(outcomes::add);
        IllegalStateException handled = new IllegalStateException("handled");
        IllegalArgumentException unhandled = new IllegalArgumentException("unhandled");
        app.errorHandler(IllegalStateException.class, e -> "dealt with");
        app.get("/ok", () -> "ok");
        app.get("/handled", () -> {
            throw handled;
        });
        app.get("/unhandled", () -> {
            throw unhandled;
        });
        app.get("/abort", () -> abort(403));
        var client = app.testClient();

        try (LogCapture logs = LogCapture.of("teardown")) {
            client.get("/ok");
            assertThat(outcomes).containsExactly(Outcome.COMPLETED, Outcome.COMPLETED);
            outcomes.clear();
            client.get("/handled");
            assertThat(outcomes).containsExactly(new Outcome.Handled(handled), new Outcome.Handled(handled));
            assertThat(outcomes.getFirst().error()).as("Flask passes None for a handled error").isEmpty();
            outcomes.clear();
            client.get("/unhandled");
            assertThat(outcomes).containsExactly(new Outcome.Failed(unhandled), new Outcome.Failed(unhandled));
            assertThat(outcomes.getFirst().error()).containsSame(unhandled);
            outcomes.clear();
            client.get("/abort");
            assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(Outcome.Handled.class,
                    h -> assertThat(((HttpError) h.exception()).status()).isEqualTo(403)));
        }
    }

    @Test
    void everyCallbackRunsEvenWhenEarlierOnesThrowAndTheFirstFailureIsRethrownWithTheRestSuppressed() {
        Carafe app = app(false);
        IllegalStateException appFailure = new IllegalStateException("teardown_appcontext2 failed");
        IOException checked = new IOException("teardown_request3 failed");
        IllegalArgumentException requestFailure = new IllegalArgumentException("teardown_request2 failed");
        app.teardownRequest(o -> calls.add("teardown_request1"));
        app.teardownRequest(o -> {
            calls.add("teardown_request2");
            throw requestFailure;
        });
        app.teardownRequest(o -> {
            calls.add("teardown_request3");
            throw checked;
        });
        app.teardownAppContext(o -> calls.add("teardown_appcontext1"));
        app.teardownAppContext(o -> {
            calls.add("teardown_appcontext2");
            throw appFailure;
        });
        app.connect(Signal.APPCONTEXT_POPPED, e -> calls.add("appcontext_popped"));

        Context ctx = app.testRequestContext(TestRequest.get("/")).push();
        try (LogCapture logs = LogCapture.of("teardown")) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(ctx::pop);
            assertThat(calls).containsExactly("teardown_request3", "teardown_request2", "teardown_request1",
                    "teardown_appcontext2", "teardown_appcontext1", "appcontext_popped");
            // The first failure is a checked exception, so it is wrapped; the others are attached to the wrapper.
            assertThat(thrown).isInstanceOf(CarafeException.class)
                    .hasMessage("Teardown of " + ctx + " failed: java.io.IOException: teardown_request3 failed")
                    .hasCause(checked);
            assertThat(thrown.getSuppressed()).containsExactly(requestFailure, appFailure);
            assertThat(logs.events()).extracting(ILoggingEvent::getLevel).containsOnly(Level.ERROR);
            assertThat(logs.messages(Level.ERROR)).containsExactly("Error during teardown of " + ctx,
                    "Error during teardown of " + ctx, "Error during teardown of " + ctx);
            assertThat(logs.events()).extracting(e -> e.getThrowableProxy().getMessage())
                    .containsExactly("teardown_request3 failed", "teardown_request2 failed", "teardown_appcontext2 failed");
        }
        assertThat(hasAppContext()).as("a failing teardown still pops the context").isFalse();
    }

    @Test
    void anUncheckedFirstFailureIsRethrownAsItIs() {
        Carafe app = app(false);
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second");
        app.teardownAppContext(o -> {
            throw second;
        });
        app.teardownAppContext(o -> {
            throw first;
        });
        try (LogCapture logs = LogCapture.of("teardown")) {
            assertThatThrownBy(() -> app.appContext().push().close())
                    .isSameAs(first)
                    .satisfies(t -> assertThat(t.getSuppressed()).containsExactly(second));
        }
    }

    @Test
    void everyCallbackGetsTheSameOutcomeEvenWhenAnEarlierOneThrows() {
        Carafe app = app(false);
        List<Outcome> seen = new ArrayList<>();
        app.teardownRequest(seen::add);
        app.teardownRequest(o -> {
            seen.add(o);
            throw new IllegalStateException("teardown failed");
        });
        app.teardownAppContext(seen::add);
        app.connect(Signal.REQUEST_TEARING_DOWN, e -> seen.add(e.outcome()));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> seen.add(e.outcome()));
        RuntimeException boom = new RuntimeException("boom");
        app.get("/", () -> {
            throw boom;
        });
        try (LogCapture logs = LogCapture.of("teardown")) {
            assertThat(app.testClient().get("/").status()).isEqualTo(500);
        }
        assertThat(seen).hasSize(5).allSatisfy(o -> assertThat(o).isEqualTo(new Outcome.Failed(boom)));
    }

    @Test
    void aFailingTeardownAfterAResponseIsLoggedAndTheClientStillGetsTheResponse() {
        Carafe app = app(false);
        app.teardownRequest(o -> {
            throw new IllegalStateException("teardown failed");
        });
        app.get("/", () -> "ok");
        try (LogCapture logs = LogCapture.of("teardown")) {
            var response = app.testClient().get("/");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok");
            assertThat(logs.messages(Level.ERROR)).singleElement().asString().startsWith("Error during teardown of <Context");
        }
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void inTestingModeATeardownFailureIsThrownToTheTest() {
        Carafe app = app(true);
        IllegalStateException failure = new IllegalStateException("teardown failed");
        app.teardownAppContext(o -> {
            throw failure;
        });
        app.get("/", () -> "ok");
        try (LogCapture logs = LogCapture.of("teardown")) {
            assertThatThrownBy(() -> app.testClient().get("/")).isSameAs(failure);
        }
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void inTestingModeATeardownFailureIsAttachedToThePropagatingError() {
        Carafe app = app(true);
        IllegalStateException teardownFailure = new IllegalStateException("teardown failed");
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        app.teardownRequest(o -> {
            throw teardownFailure;
        });
        app.get("/", () -> {
            throw boom;
        });
        try (LogCapture logs = LogCapture.of("teardown")) {
            assertThatThrownBy(() -> app.testClient().get("/"))
                    .isSameAs(boom)
                    .satisfies(t -> assertThat(t.getSuppressed()).containsExactly(teardownFailure));
        }
    }

    @Test
    void teardownOfTheSameContextRunsOnlyOnce() {
        Carafe app = app(false);
        app.teardownAppContext(o -> calls.add("teardown"));
        Context ctx = app.appContext();
        ctx.push();
        ctx.push();
        ctx.pop();
        ctx.pop();
        assertThatThrownBy(ctx::pop).isInstanceOf(ContextException.class);
        assertThat(calls).containsExactly("teardown");
    }
}
