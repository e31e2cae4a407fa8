package dev.carafe;

import static dev.carafe.Globals.context;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.currentContext;
import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.hasRequestContext;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static dev.carafe.Globals.urlFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The context model: Flask 3.2's single context type, its push/pop rules and the globals. */
class ContextModelTest {
    static final Key<String> X = Key.of("x", String.class);

    static final String NO_APP = """
            Working outside of application context.

            Attempted to use functionality that expected a current application to be set. To solve this, \
            set up an app context with 'try (var ctx = app.appContext().push()) { ... }', or run the code \
            with 'app.appContext().run(() -> ...)'. Requests, CLI commands and test requests set one up for \
            you. See docs/context-model.md.""";

    static final String NO_REQUEST = """
            Working outside of request context.

            Attempted to use functionality that expected an active HTTP request. In a test, set one up with \
            'try (var ctx = app.testRequestContext(TestRequest.get("/")).push()) { ... }'. In background work, \
            copy the request's context first with 'Background.wrap(...)' or 'Globals.copyContext()'. See \
            docs/context-model.md.""";

    private final Carafe app = Carafe.create("model");
    private final List<String> teardowns = new ArrayList<>();

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).as("a test left a context pushed").isFalse();
    }

    private void countTeardowns() {
        app.teardownAppContext(o -> teardowns.add("teardown_appcontext"));
    }

    // ---- app contexts, push and pop ---------------------------------------------------------

    @Test
    void appContextIsReturnedUnpushed() {
        Context ctx = app.appContext();
        assertThat(hasAppContext()).isFalse();
        assertThat(currentContext()).isEmpty();
        assertThat(ctx.app()).isSameAs(app);
        assertThat(ctx.hasRequest()).isFalse();
    }

    @Test
    void pushMakesTheContextCurrentAndPopRestoresThePreviousOne() {
        Context ctx = app.appContext();
        assertThat(ctx.push()).isSameAs(ctx);
        assertThat(context()).isSameAs(ctx);
        assertThat(currentApp()).isSameAs(app);
        ctx.pop();
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void tryWithResourcesPopsTheContextAndRunsTeardown() {
        countTeardowns();
        try (Context ctx = app.appContext().push()) {
            assertThat(context()).isSameAs(ctx);
            assertThat(teardowns).isEmpty();
        }
        assertThat(hasAppContext()).isFalse();
        assertThat(teardowns).containsExactly("teardown_appcontext");
    }

    @Test
    void anEndedContextCannotBePushedAgain() {
        Context ctx = app.appContext();
        ctx.push().close();
        assertThatThrownBy(ctx::push)
                .isInstanceOf(ContextException.class)
                .hasMessage("Cannot push this context (" + ctx + "), it has already ended. Contexts are used once;"
                        + " create a new one with app.appContext() or app.testRequestContext(...).");
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void nestedPushesOfTheSameContextAreCountedAndTeardownRunsOnTheLastPop() {
        countTeardowns();
        Context ctx = app.appContext();
        ctx.push();
        ctx.push();
        ctx.push();
        ctx.pop();
        ctx.pop();
        assertThat(context()).isSameAs(ctx);
        assertThat(teardowns).isEmpty();
        ctx.pop();
        assertThat(teardowns).containsExactly("teardown_appcontext");
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void onlyTheFirstPushSendsThePushedSignal() {
        List<Context> pushed = new ArrayList<>();
        app.connect(Signal.APPCONTEXT_PUSHED, e -> pushed.add(e.context()));
        Context ctx = app.appContext();
        try (Context outer = ctx.push(); Context inner = ctx.push()) {
            assertThat(inner).isSameAs(outer);
        }
        assertThat(pushed).containsExactly(ctx);
    }

    // ---- Flask 3.2's table (flask-model.md §2.1), one test per row --------------------------------

    @Test
    void gSetInAnOuterAppContextIsNotVisibleInANestedTestRequestContext() {
        try (Context outer = app.appContext().push()) {
            g().set(X, "outer");
            try (Context inner = app.testRequestContext(TestRequest.get("/")).push()) {
                assertThat(inner).isNotSameAs(outer);
                assertThat(g().contains(X)).isFalse();
            }
            assertThat(g().get(X)).contains("outer");
        }
    }

    @Test
    void aNestedAppContextGetsANewG() {
        try (Context outer = app.appContext().push()) {
            g().set(X, "outer");
            try (Context inner = app.appContext().push()) {
                assertThat(inner.g()).isNotSameAs(outer.g());
                assertThat(g().contains(X)).isFalse();
            }
            assertThat(context()).isSameAs(outer);
        }
    }

    @Test
    void pushingTheSameContextAgainKeepsTheSameG() {
        Context ctx = app.appContext();
        try (var first = ctx.push()) {
            g().set(X, "kept");
            try (var again = ctx.push()) {
                assertThat(g()).isSameAs(first.g());
                assertThat(g().get(X)).contains("kept");
            }
        }
    }

    @Test
    void anAppContextPushedInsideAHandlerHasNoRequest() {
        AtomicReference<String> seen = new AtomicReference<>();
        app.get("/", () -> {
            Context requestContext = context();
            try (Context plain = app.appContext().push()) {
                assertThat(hasRequestContext()).isFalse();
                assertThatThrownBy(Globals::request)
                        .isInstanceOf(ContextException.class)
                        .hasMessageStartingWith("There is no request in this context (" + plain + ")");
            }
            assertThat(context()).isSameAs(requestContext);
            seen.set(request().path());
            return "ok";
        });
        assertThat(app.testClient().get("/").text()).isEqualTo("ok");
        assertThat(seen).hasValue("/");
    }

    @Test
    void aTestRequestContextOfAnotherAppInsideThisAppsContextMakesTheOtherAppCurrent() {
        Carafe other = Carafe.create("other");
        try (Context mine = app.appContext().push()) {
            try (Context theirs = other.testRequestContext(TestRequest.get("/")).push()) {
                assertThat(currentApp()).isSameAs(other);
                assertThat(theirs.g()).isNotSameAs(mine.g());
            }
            assertThat(currentApp()).isSameAs(app);
        }
    }

    @Test
    void aClientRequestInsideAnAppContextRunsTeardownAppContextTwice() {
        countTeardowns();
        app.get("/g", () -> g().get(X).orElse("fresh"));
        try (Context outer = app.appContext().push()) {
            g().set(X, "outer");
            assertThat(app.testClient().get("/g").text()).isEqualTo("fresh");
            assertThat(teardowns).as("the request's own context").containsExactly("teardown_appcontext");
            assertThat(context()).isSameAs(outer);
        }
        assertThat(teardowns).containsExactly("teardown_appcontext", "teardown_appcontext");
    }

    @Test
    void everyRequestGetsANewContextWithANewGEvenInsideAPushedContext() {
        List<Context> contexts = new ArrayList<>();
        List<G> gs = new ArrayList<>();
        app.get("/", () -> {
            contexts.add(context());
            gs.add(g());
            String before = g().get(X).orElse("empty");
            g().set(X, "set by the request");
            return before;
        });
        var client = app.testClient();
        try (Context outer = app.appContext().push()) {
            g().set(X, "outer");
            assertThat(client.get("/").text()).isEqualTo("empty");
            assertThat(client.get("/").text()).isEqualTo("empty");
            assertThat(g().get(X)).contains("outer");
        }
        assertThat(contexts).hasSize(2).doesNotHaveDuplicates();
        assertThat(gs).hasSize(2).doesNotHaveDuplicates();
    }

    // ---- pop validation (flask-model.md §2.2): checked before anything changes --------------------

    @Test
    void poppingANeverPushedContextFailsNamingBothContextsAndChangesNothing() {
        countTeardowns();
        Context never = app.appContext();
        try (Context current = app.appContext().push()) {
            assertThatThrownBy(never::pop)
                    .isInstanceOf(ContextException.class)
                    .hasMessage("Cannot pop this context (" + never + "), it is not pushed. The current context on"
                            + " this thread is " + current + ". Pop a context once for each push; try-with-resources"
                            + " does this for you.");
            assertThat(context()).isSameAs(current);
            assertThat(teardowns).isEmpty();
        }
        assertThat(teardowns).hasSize(1);
    }

    @Test
    void poppingAContextTwiceFailsTheSecondTime() {
        Context ctx = app.appContext().push();
        ctx.pop();
        assertThatThrownBy(ctx::pop)
                .isInstanceOf(ContextException.class)
                .hasMessage("Cannot pop this context (" + ctx + "), it is not pushed. No context is current on this"
                        + " thread. Pop a context once for each push; try-with-resources does this for you.");
    }

    @Test
    void poppingAContextThatIsNotTheActiveOneFailsNamingBothContextsAndChangesNothing() {
        countTeardowns();
        Context outer = app.appContext().push();
        Context inner = app.appContext().push();
        assertThatThrownBy(outer::pop)
                .isInstanceOf(ContextException.class)
                .hasMessage("Cannot pop this context (" + outer + "), it is not the active context (" + inner
                        + "). Pop the contexts pushed after it first; try-with-resources does this for you.");
        assertThat(context()).isSameAs(inner);
        assertThat(teardowns).isEmpty();
        inner.pop();
        assertThat(context()).isSameAs(outer);
        outer.pop();
        assertThat(teardowns).hasSize(2);
    }

    @Test
    void poppingOnAnotherThreadFailsNamingBothContextsAndChangesNothing() throws Exception {
        countTeardowns();
        Context mine = app.appContext().push();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<String> expected = new AtomicReference<>();
        Thread popper = Thread.ofPlatform().name("popper").start(() -> {
            try (Context theirs = app.appContext().push()) {
                Thread self = Thread.currentThread();
                expected.set("Cannot pop this context (" + mine + ") on thread #" + self.threadId() + " 'popper', it"
                        + " was pushed on thread #" + mainThreadId + " '" + mainThreadName + "'. The current context"
                        + " on this thread is " + theirs + ". Pop a context on the thread that pushed it.");
                mine.pop();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        popper.join();
        assertThat(failure.get()).isInstanceOf(ContextException.class).hasMessage(expected.get());
        assertThat(context()).isSameAs(mine);
        assertThat(teardowns).as("only the other thread's own context was torn down").hasSize(1);
        mine.pop();
        assertThat(teardowns).hasSize(2);
    }

    private final long mainThreadId = Thread.currentThread().threadId();
    private final String mainThreadName = Thread.currentThread().getName();

    @Test
    void pushingAContextOnASecondThreadWhileItIsPushedFails() throws Exception {
        try (Context mine = app.appContext().push()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread other = Thread.ofPlatform().name("pusher").start(() -> {
                try {
                    mine.push();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            other.join();
            assertThat(failure.get()).isInstanceOf(ContextException.class).hasMessage("Cannot push this context ("
                    + mine + ") on thread #" + other.threadId() + " 'pusher': it is already pushed on thread #"
                    + mainThreadId + " '" + mainThreadName + "'. To use it in another thread, push a copy:"
                    + " ctx.copy().run(...).");
            assertThat(context()).isSameAs(mine);
        }
    }

    // ---- the globals ----------------------------------------------------------------------------

    @Test
    void theGlobalsReachTheCurrentContextFromAnyDepthOfCode() {
        app.get("/deep", () -> new Service().describe());
        assertThat(app.testClient().get("/deep?q=tea").text()).isEqualTo("model GET /deep q=tea g=set");
    }

    /** Code far from the handler, which is handed nothing. */
    static final class Service {
        String describe() {
            g().set(X, "set");
            return new Repository().describe();
        }
    }

    static final class Repository {
        String describe() {
            return currentApp().name() + " " + request().method() + " " + request().path() + " q="
                    + request().args().get("q").orElseThrow() + " g=" + g().require(X);
        }
    }

    @Test
    void outsideAnyContextTheAppGlobalsSayWhatHappenedAndHowToFixIt() {
        assertThatThrownBy(Globals::currentApp).isInstanceOf(ContextException.class).hasMessage(NO_APP);
        assertThatThrownBy(Globals::g).isInstanceOf(ContextException.class).hasMessage(NO_APP);
        assertThatThrownBy(Globals::context).isInstanceOf(ContextException.class).hasMessage(NO_APP);
        assertThatThrownBy(() -> urlFor("index")).isInstanceOf(ContextException.class).hasMessage(NO_APP);
    }

    @Test
    void outsideAnyContextTheRequestGlobalsSayWhatHappenedAndHowToFixIt() {
        assertThatThrownBy(Globals::request).isInstanceOf(ContextException.class).hasMessage(NO_REQUEST);
        assertThatThrownBy(Globals::session).isInstanceOf(ContextException.class).hasMessage(NO_REQUEST);
        assertThatThrownBy(() -> flash("hi")).isInstanceOf(ContextException.class).hasMessage(NO_REQUEST);
    }

    @Test
    void theRequestInAnAppContextWithoutARequestHasItsOwnMessage() {
        try (Context ctx = app.appContext().push()) {
            String expected = "There is no request in this context (" + ctx + "). It was made by app.appContext(),"
                    + " which carries no request. Use app.testRequestContext(...) to test code that reads the request.";
            assertThatThrownBy(Globals::request).isInstanceOf(ContextException.class).hasMessage(expected);
            assertThatThrownBy(Globals::session).isInstanceOf(ContextException.class).hasMessage(expected);
            assertThatThrownBy(ctx::request).isInstanceOf(ContextException.class).hasMessage(expected);
        }
    }

    @Test
    void afterThisRequestOutsideARequestSaysWhereItCanBeUsed() {
        String expected = "'afterThisRequest' can only be used when a request context is active, such as in a"
                + " handler or a before-request function.";
        assertThatThrownBy(() -> Globals.afterThisRequest(r -> r)).hasMessage(expected);
        try (Context ctx = app.appContext().push()) {
            assertThatThrownBy(() -> Globals.afterThisRequest(r -> r)).hasMessage(expected);
        }
    }

    @Test
    void hasAppContextAndHasRequestContextTellWhichKindIsCurrent() {
        assertThat(hasAppContext()).isFalse();
        assertThat(hasRequestContext()).isFalse();
        try (Context plain = app.appContext().push()) {
            assertThat(hasAppContext()).isTrue();
            assertThat(hasRequestContext()).isFalse();
            try (Context withRequest = app.testRequestContext(TestRequest.get("/")).push()) {
                assertThat(hasAppContext()).isTrue();
                assertThat(hasRequestContext()).isTrue();
            }
            assertThat(hasRequestContext()).isFalse();
        }
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void aContextSaysWhatItIsInItsName() {
        Context plain = app.appContext();
        Context withRequest = app.testRequestContext(TestRequest.get("/a?b=c"));
        String id = Integer.toHexString(System.identityHashCode(plain));
        assertThat(plain).hasToString("<Context " + id + " of model>");
        assertThat(withRequest.toString()).endsWith(" of model, GET 'http://localhost/a?b=c'>");
    }

    // ---- how a context ends ---------------------------------------------------------------------

    @Test
    void runPassesTheEscapingExceptionToTeardownAndRethrowsIt() {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownAppContext(outcomes::add);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> app.appContext().run(() -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(outcomes).containsExactly(new Outcome.Failed(boom));
        assertThat(outcomes.getFirst().error()).containsSame(boom);
    }

    @Test
    void callReturnsTheValueAndTeardownSeesACompletedContext() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownAppContext(outcomes::add);
        assertThat(app.appContext().call(() -> currentApp().name())).isEqualTo("model");
        assertThat(outcomes).containsExactly(Outcome.COMPLETED);
    }

    @Test
    void popWithAnErrorGivesTeardownThatErrorAndCloseGivesNone() {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownAppContext(outcomes::add);
        KeyError keyError = new KeyError("boom");
        app.appContext().push().pop(keyError);
        try (Context ctx = app.appContext().push()) {
            assertThat(ctx.g()).isNotNull();
        }
        app.appContext().push().pop((Throwable) null);
        assertThat(outcomes).containsExactly(new Outcome.Failed(keyError), Outcome.COMPLETED, Outcome.COMPLETED);
    }

    /** Flask's example exception for a manual pop. */
    static final class KeyError extends RuntimeException {
        KeyError(String message) {
            super(message);
        }
    }
}
