package dev.carafe;

import static dev.carafe.Globals.context;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request's context is visible inside {@code StructuredTaskScope} subtasks forked in a
 * handler, with no wrapping: the dispatcher binds it in a {@link ScopedValue}, which subtasks
 * inherit. {@code StructuredTaskScope} is a preview API in Java 25.
 */
class StructuredConcurrencyTest {
    static final Key<String> USER = Key.of("user", String.class);

    private final Carafe app = Carafe.create("structured");

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void subtasksForkedInAHandlerSeeTheRequestsContext() {
        app.get("/dashboard", () -> {
            Context mine = context();
            Thread handlerThread = Thread.currentThread();
            g().set(USER, "ada");
            try (var scope = StructuredTaskScope.open()) {
                Subtask<String> profile = scope.fork(() -> "profile of " + g().require(USER) + " for "
                        + request().path() + "?" + request().queryString());
                Subtask<String> app = scope.fork(() -> "app " + currentApp().name());
                Subtask<Boolean> same = scope.fork(() -> context() == mine && Thread.currentThread() != handlerThread);
                scope.join();
                return profile.get() + ", " + app.get() + ", same context on another thread: " + same.get();
            }
        });
        assertThat(app.testClient().get("/dashboard?tab=1").text())
                .isEqualTo("profile of ada for /dashboard?tab=1, app structured, same context on another thread: true");
    }

    @Test
    void subtasksForkedInsideContextRunSeeThatAppContext() throws Exception {
        Context ctx = app.appContext();
        String seen = ctx.call(() -> {
            g().set(USER, "script");
            try (var scope = StructuredTaskScope.open()) {
                Subtask<String> task = scope.fork(() -> currentApp().name() + " " + g().require(USER)
                        + " " + (context() == ctx));
                scope.join();
                return task.get();
            }
        });
        assertThat(seen).isEqualTo("structured script true");
    }

    @Test
    void nestedScopesPassTheContextDown() {
        app.get("/", () -> {
            try (var outer = StructuredTaskScope.open()) {
                Subtask<String> task = outer.fork(() -> {
                    try (var inner = StructuredTaskScope.open()) {
                        Subtask<String> deep = inner.fork(() -> request().path());
                        inner.join();
                        return deep.get();
                    }
                });
                outer.join();
                return task.get();
            }
        });
        assertThat(app.testClient().get("/").text()).isEqualTo("/");
    }

    @Test
    void aPlainThreadStartedInAHandlerDoesNotInheritTheContext() {
        AtomicReference<Boolean> seen = new AtomicReference<>();
        app.get("/", () -> {
            Thread t = Thread.ofVirtual().start(() -> seen.set(hasAppContext()));
            t.join();
            return "ok";
        });
        app.testClient().get("/");
        assertThat(seen).hasValue(false);
    }

    @Test
    void aSubtaskCanPushItsOwnContextAndThenSeesTheRequestsAgain() {
        app.get("/", () -> {
            try (var scope = StructuredTaskScope.open()) {
                Subtask<List<String>> task = scope.fork(() -> {
                    String inside;
                    try (Context own = app.appContext().push()) {
                        inside = "own has request: " + own.hasRequest() + " current: " + (context() == own);
                    }
                    return List.of(inside, "back to " + request().path());
                });
                scope.join();
                return String.join("; ", task.get());
            }
        });
        assertThat(app.testClient().get("/").text()).isEqualTo("own has request: false current: true; back to /");
    }

    @Test
    void aSubtaskCannotPopTheRequestsContext() {
        app.get("/", () -> {
            Context mine = context();
            try (var scope = StructuredTaskScope.open()) {
                Subtask<String> task = scope.fork(() -> {
                    try {
                        mine.pop();
                        return "popped";
                    } catch (ContextException e) {
                        return e.getMessage().substring(0, e.getMessage().indexOf(" on thread"));
                    }
                });
                scope.join();
                assertThat(context()).isSameAs(mine);
                return task.get();
            }
        });
        assertThat(app.testClient().get("/").text()).startsWith("Cannot pop this context (<Context ");
    }

    @Test
    void aContextPushedWithPushIsSeenOnlyByItsThreadWhileOneRunWithRunIsSeenBySubtasks() {
        app.get("/", () -> {
            StringBuilder out = new StringBuilder();
            try (Context pushed = app.appContext().push()) {
                try (var scope = StructuredTaskScope.open()) {
                    Subtask<Boolean> task = scope.fork(() -> Globals.hasRequestContext());
                    scope.join();
                    out.append("pushed: subtask sees the request: ").append(task.get());
                }
            }
            app.appContext().run(() -> {
                try (var scope = StructuredTaskScope.open()) {
                    Subtask<Boolean> task = scope.fork(() -> Globals.hasRequestContext());
                    scope.join();
                    out.append("; run: subtask sees the request: ").append(task.get());
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            return out.toString();
        });
        assertThat(app.testClient().get("/").text())
                .isEqualTo("pushed: subtask sees the request: true; run: subtask sees the request: false");
    }
}
