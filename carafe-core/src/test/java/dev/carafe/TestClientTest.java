package dev.carafe;

import static dev.carafe.Globals.afterThisRequest;
import static dev.carafe.Globals.context;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory test client and test request contexts (flask-model.md §4). */
class TestClientTest {
    static final Key<String> SEEN = Key.of("seen", String.class);

    private final Carafe app = Carafe.create("client");
    private final List<String> trace = new ArrayList<>();

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).isFalse();
    }

    private void traceTeardownAndSignals() {
        app.connect(Signal.APPCONTEXT_PUSHED, e -> trace.add("appcontext_pushed"));
        app.teardownRequest(o -> trace.add("teardown_request"));
        app.teardownAppContext(o -> trace.add("teardown_appcontext"));
        app.connect(Signal.APPCONTEXT_POPPED, e -> trace.add("appcontext_popped"));
    }

    // ---- requests ------------------------------------------------------------------------------------

    @Test
    void aRequestGoesThroughTheWholeLifecycle() {
        traceTeardownAndSignals();
        app.beforeRequest(() -> trace.add("before_request"));
        app.afterRequest(r -> {
            trace.add("after_request");
            return r.header("X-After", "1");
        });
        app.get("/", () -> {
            trace.add("handler");
            afterThisRequest(r -> {
                trace.add("after_this_request");
                return r;
            });
            return "ok";
        });
        TestResponse response = app.testClient().get("/");
        assertThat(response.text()).isEqualTo("ok");
        assertThat(response.header("X-After")).contains("1");
        assertThat(trace).containsExactly("appcontext_pushed", "before_request", "handler", "after_this_request",
                "after_request", "teardown_request", "teardown_appcontext", "appcontext_popped");
    }

    @Test
    void theResponseGivesStatusHeadersTextAndJson() {
        // A map, not a record: records of this test package are not opened to Jackson (PublicApiTest uses one).
        app.get("/json", () -> Map.of("name", "ada", "count", 2));
        app.post("/created", () -> Response.text("made").status(201).header("Location", "/things/1"));
        TestClient client = app.testClient();

        TestResponse json = client.get("/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).contains("application/json");
        assertThat(json.json().get("name").asText()).isEqualTo("ada");
        assertThat(json.json(Map.class)).isEqualTo(Map.of("name", "ada", "count", 2));

        TestResponse created = client.post("/created");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("location")).as("header names ignore case").contains("/things/1");
        assertThat(created.text()).isEqualTo("made");
        assertThat(created.bytes()).isEqualTo("made".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cookiesSetByAResponseAreSentWithLaterRequestsUntilDeleted() {
        app.get("/login", () -> Response.text("in").setCookie(Cookie.of("user", "ada")));
        app.get("/whoami", () -> request().cookies().getOrDefault("user", "nobody"));
        app.get("/logout", () -> Response.text("out").deleteCookie("user"));
        TestClient client = app.testClient();

        assertThat(client.get("/whoami").text()).isEqualTo("nobody");
        TestResponse login = client.get("/login");
        assertThat(login.setCookies()).singleElement().asString().startsWith("user=ada");
        assertThat(client.cookies()).isEqualTo(Map.of("user", "ada"));
        assertThat(client.get("/whoami").text()).isEqualTo("ada");
        assertThat(client.get("/whoami").text()).as("kept across requests").isEqualTo("ada");
        client.get("/logout");
        assertThat(client.cookies()).isEmpty();
        assertThat(client.get("/whoami").text()).isEqualTo("nobody");
        assertThat(app.testClient().get("/whoami").text()).as("another client has its own jar").isEqualTo("nobody");
    }

    @Test
    void aCookieCanBeSetOnTheClient() {
        app.get("/", () -> request().cookies().get("theme"));
        assertThat(app.testClient().cookie("theme", "dark").get("/").text()).isEqualTo("dark");
    }

    // ---- test request contexts -------------------------------------------------------------------------

    @Test
    void aTestRequestContextIsReturnedUnpushedWithItsRequestReadable() {
        Context ctx = app.testRequestContext(TestRequest.of("PUT", "/items/7?sort=asc")
                .query("tag", "a b")
                .header("X-Token", "secret")
                .body("{\"name\":\"tea\"}".getBytes(StandardCharsets.UTF_8), "application/json"));
        assertThat(hasAppContext()).isFalse();
        Request request = ctx.request();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/items/7");
        assertThat(request.url()).isEqualTo("http://localhost/items/7?sort=asc&tag=a+b");
        assertThat(request.args().get("tag")).contains("a b");
        assertThat(request.headers().get("x-token")).contains("secret");
        assertThat(request.json().get("name").asText()).isEqualTo("tea");
    }

    @Test
    void pushingATestRequestContextMatchesTheRouteAndPoppingRunsTheRequestTeardown() {
        traceTeardownAndSignals();
        app.get("/known", "known", () -> "ok");
        try (Context ctx = app.testRequestContext(TestRequest.get("/known")).push()) {
            assertThat(context()).isSameAs(ctx);
            assertThat(request().endpoint()).contains("known");
            trace.add("inside");
        }
        assertThat(trace).containsExactly("appcontext_pushed", "inside", "teardown_request", "teardown_appcontext",
                "appcontext_popped");
    }

    @Test
    void anUnroutedTestRequestContextHasNoRouteAndRaisesNothing() {
        try (Context ctx = app.testRequestContext(TestRequest.get("/nowhere")).push()) {
            assertThat(request().route()).isEmpty();
            assertThat(request().endpoint()).isEmpty();
        }
    }

    @Test
    void aTestRequestContextDoesNotRunTheHandlerOrTheHooks() {
        app.beforeRequest(() -> trace.add("before_request"));
        app.get("/", () -> {
            trace.add("handler");
            return "ok";
        });
        app.testRequestContext(TestRequest.get("/")).run(() -> trace.add("inside"));
        assertThat(trace).containsExactly("inside");
    }

    // ---- keeping the last request's context --------------------------------------------------------------

    @Test
    void preserveContextKeepsTheLastRequestsContextReadableAndRunsTeardownOnlyOnce() {
        traceTeardownAndSignals();
        app.get("/first", () -> {
            g().set(SEEN, "first");
            return "1";
        });
        app.get("/second", () -> {
            String before = g().get(SEEN).orElse("fresh g");
            g().set(SEEN, "second");
            return before;
        });
        TestClient client = app.testClient();
        try (TestClient.Preserved kept = client.preserveContext()) {
            client.get("/first?x=1");
            assertThat(request().path()).isEqualTo("/first");
            assertThat(request().args().get("x")).contains("1");
            assertThat(g().get(SEEN)).contains("first");
            assertThat(kept.context()).containsSame(context());
            assertThat(trace).containsExactly("appcontext_pushed", "teardown_request", "teardown_appcontext",
                    "appcontext_popped");

            assertThat(client.get("/second").text()).isEqualTo("fresh g");
            assertThat(request().path()).isEqualTo("/second");
            assertThat(g().get(SEEN)).contains("second");
        }
        assertThat(hasAppContext()).isFalse();
        assertThat(trace).as("each request tore down once; keeping and releasing ran nothing").containsExactly(
                "appcontext_pushed", "teardown_request", "teardown_appcontext", "appcontext_popped",
                "appcontext_pushed", "teardown_request", "teardown_appcontext", "appcontext_popped");
    }

    @Test
    void closingThePreserveScopeMakesTheOuterContextCurrentAgain() {
        app.get("/", () -> "ok");
        TestClient client = app.testClient();
        try (Context outer = app.appContext().push()) {
            try (TestClient.Preserved kept = client.preserveContext()) {
                client.get("/");
                assertThat(context()).isNotSameAs(outer);
                assertThat(context().hasRequest()).isTrue();
            }
            assertThat(context()).isSameAs(outer);
        }
    }

    @Test
    void theContextOfARequestThatFailedInTestingModeIsKeptToo() {
        Carafe testing = Carafe.create("client", Config.builder().set(Config.TESTING, true).build());
        IllegalStateException boom = new IllegalStateException("boom");
        testing.get("/fail", () -> {
            g().set(SEEN, "before the failure");
            throw boom;
        });
        TestClient client = testing.testClient();
        try (TestClient.Preserved kept = client.preserveContext()) {
            assertThatThrownBy(() -> client.get("/fail")).isSameAs(boom);
            assertThat(g().get(SEEN)).contains("before the failure");
            assertThat(request().path()).isEqualTo("/fail");
        }
    }

    @Test
    void preserveScopesCannotBeNested() {
        TestClient client = app.testClient();
        try (TestClient.Preserved kept = client.preserveContext()) {
            assertThatThrownBy(client::preserveContext)
                    .isInstanceOf(ContextException.class)
                    .hasMessage("Cannot nest preserveContext() scopes on one test client; close the open one first.");
        }
        try (TestClient.Preserved again = client.preserveContext()) {
            assertThat(again.context()).isEmpty();
        }
    }

    @Test
    void withoutAPreserveScopeNothingIsLeftAfterTheRequest() {
        app.get("/", () -> "ok");
        app.testClient().get("/");
        assertThat(hasAppContext()).isFalse();
    }
}
