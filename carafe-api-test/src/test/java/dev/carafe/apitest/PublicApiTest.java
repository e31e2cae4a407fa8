package dev.carafe.apitest;

import static dev.carafe.Globals.abort;
import static dev.carafe.Globals.context;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.ContextException;
import dev.carafe.Group;
import dev.carafe.HttpError;
import dev.carafe.Key;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.Signal;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.StructuredTaskScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headline API, used the way an application uses it: from a module that reads only what
 * {@code dev.carafe.core} exports. Importing anything from {@code dev.carafe.internal} here does
 * not compile.
 */
class PublicApiTest {
    private static final Logger log = LoggerFactory.getLogger(PublicApiTest.class);

    /** A stand-in for a database connection: the seeds' get_db()/close_db(). */
    static final class Db implements AutoCloseable {
        private boolean closed;

        static Db open() {
            return new Db();
        }

        boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static final Key<Db> DB = Key.of("db", Db.class);

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void theExampleFromTheIssueWorks() {
        List<Outcome> teardowns = new ArrayList<>();

        var app = Carafe.create("hello");
        app.get("/search", () -> "Searching for: " + request().args().get("q").orElse(""));
        app.beforeRequest(() -> log.info("{} {}", request().method(), request().path()));
        app.teardownAppContext(outcome -> teardowns.add(outcome));   // runs after every request and app context
        Db db;
        try (var ctx = app.appContext().push()) {                  // setup code, tests, scripts
            db = g().resource(DB, () -> Db.open());                  // closed when the context ends
            assertThat(g().resource(DB, Db::open)).isSameAs(db);
            assertThat(db.isClosed()).isFalse();
        }
        assertThat(db.isClosed()).isTrue();

        assertThat(app.testClient().get("/search?q=tea").text()).isEqualTo("Searching for: tea");
        assertThat(teardowns).containsExactly(Outcome.COMPLETED, Outcome.COMPLETED);
    }

    /** A JSON body, as an application declares it. */
    record Order(String item, int quantity) {}

    @Test
    void handlersReturnTextJsonAndResponsesAndReadTheRequest() {
        Carafe app = Carafe.create("shop");
        app.post("/orders", () -> {
            Order order = request().json(Order.class);
            return Response.json(new Order(order.item(), order.quantity() * 2)).status(201);
        });
        app.get("/orders/latest", () -> new Order("tea", 1));
        TestClient client = app.testClient();

        TestResponse created = client.send(TestRequest.post("/orders").json(Map.of("item", "tea", "quantity", 2)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json(Order.class)).isEqualTo(new Order("tea", 4));
        assertThat(client.get("/orders/latest").json(Order.class)).isEqualTo(new Order("tea", 1));
    }

    @Test
    void groupsHooksAndErrorHandlersComposeAsFlasksBlueprints() {
        Carafe app = Carafe.create("shop", Config.builder().set(Config.TESTING, true).build());
        List<String> trace = new ArrayList<>();
        app.beforeRequest(() -> trace.add("app before"));
        Group admin = app.group("admin", "/admin");
        admin.beforeRequest(() -> trace.add("admin before"));
        admin.beforeRequestGuard(() -> request().headers().get("X-Admin").isPresent() ? null : abort(403));
        admin.errorHandler(403, e -> Response.text("admins only").status(e.status()));
        admin.get("/users", "users", () -> "users of " + currentApp().name());
        app.errorHandler(IllegalStateException.class, e -> Response.text("conflict: " + e.getMessage()).status(409));
        app.get("/conflict", () -> {
            throw new IllegalStateException("taken");
        });
        TestClient client = app.testClient();

        assertThat(client.get("/admin/users").text()).isEqualTo("admins only");
        assertThat(client.send(TestRequest.get("/admin/users").header("X-Admin", "yes")).text())
                .isEqualTo("users of shop");
        assertThat(client.get("/conflict").status()).isEqualTo(409);
        assertThat(trace).containsExactly("app before", "admin before", "app before", "admin before", "app before");
        assertThat(app.urlFor("admin.users", Map.of())).isEqualTo("/admin/users");
    }

    @Test
    void teardownIsToldHowTheRequestEndedThroughASealedOutcome() {
        Carafe app = Carafe.create("outcomes");
        List<String> seen = new ArrayList<>();
        app.teardownRequest(outcome -> seen.add(switch (outcome) {
            case Outcome.Completed c -> "completed";
            case Outcome.Handled h -> "handled " + ((HttpError) h.exception()).status();
            case Outcome.Failed f -> "failed " + f.exception().getMessage();
        }));
        app.get("/ok", () -> "ok");
        app.get("/missing", () -> abort(404));
        app.get("/broken", () -> {
            throw new IllegalStateException("broken");
        });
        TestClient client = app.testClient();
        client.get("/ok");
        client.get("/missing");
        client.get("/broken");
        assertThat(seen).containsExactly("completed", "handled 404", "failed broken");
    }

    @Test
    void signalsAndExtensionStateAreTyped() {
        Carafe app = Carafe.create("signals");
        Key<List<String>> audit = new Key<>("audit", castList());
        List<String> events = app.extensions().computeIfAbsent(audit, ArrayList::new);
        app.connect(Signal.REQUEST_FINISHED, e -> events.add("finished " + e.response().status()));
        app.get("/", () -> "ok");
        app.testClient().get("/");
        assertThat(app.extensions().get(audit)).contains(List.of("finished 200"));
    }

    @SuppressWarnings("unchecked")
    private static Class<List<String>> castList() {
        return (Class<List<String>>) (Class<?>) List.class;
    }

    @Test
    void testRequestContextsAndPreservedContextsAreReadableInTests() {
        Carafe app = Carafe.create("contexts");
        app.get("/hello", "hello", () -> "hi");
        Context ctx = app.testRequestContext(TestRequest.get("/hello?name=ada"));
        assertThat(ctx.request().url()).isEqualTo("http://localhost/hello?name=ada");
        try (var pushed = ctx.push()) {
            assertThat(request().endpoint()).contains("hello");
        }

        TestClient client = app.testClient();
        try (var kept = client.preserveContext()) {
            client.get("/hello?name=grace");
            assertThat(request().args().get("name")).contains("grace");
        }
    }

    @Test
    void outsideAContextTheGlobalsSayHowToGetOne() {
        assertThatThrownBy(() -> g())
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("Working outside of application context.");
    }

    @Test
    void subtasksOfAStructuredTaskScopeSeeTheRequest() {
        Carafe app = Carafe.create("structured");
        app.get("/", () -> {
            Context mine = context();
            try (var scope = StructuredTaskScope.open()) {
                var task = scope.fork(() -> context() == mine ? request().path() : "another context");
                scope.join();
                return task.get();
            }
        });
        assertThat(app.testClient().get("/").text()).isEqualTo("/");
    }
}
