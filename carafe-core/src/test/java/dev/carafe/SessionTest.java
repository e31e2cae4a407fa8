package dev.carafe;

import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.flashedMessages;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The session through the public API only: what an application and its tests see. */
class SessionTest {
    static final Key<Integer> VISITS = Key.of("visits", Integer.class);
    static final Key<Integer> USER_ID = Key.of("user_id", Integer.class);

    private static Carafe app() {
        return Carafe.create("sessions", Config.builder().set(Config.TESTING, true)
                .set(Config.SECRET_KEY, "change me").build());
    }

    @Test
    void theVisitCounterCountsAcrossRequests() {
        Carafe app = app();
        app.get("/", () -> {
            int visits = session().get(VISITS, 0) + 1;
            session().set(VISITS, visits);
            return "Visits: " + visits;
        });
        TestClient client = app.testClient();
        assertThat(client.get("/").text()).isEqualTo("Visits: 1");
        assertThat(client.get("/").text()).isEqualTo("Visits: 2");
        assertThat(client.get("/").text()).isEqualTo("Visits: 3");
        assertThat(app.testClient().get("/").text()).as("another browser").isEqualTo("Visits: 1");
    }

    @Test
    void typedKeysConvertWhatJsonLost() {
        Carafe app = app();
        Key<OffsetDateTime> since = Key.of("since", OffsetDateTime.class);
        Key<Long> big = Key.of("big", Long.class);
        app.get("/set", () -> {
            session().set(USER_ID, 42);
            session().set(since, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
            session().put("big", 5_000_000_000L);
            return "ok";
        });
        TestClient client = app.testClient();
        client.get("/set");
        Session stored = client.session();
        assertThat(stored.get("user_id")).contains(42L);
        assertThat(stored.get(USER_ID)).contains(42);
        assertThat(stored.get(since)).contains(OffsetDateTime.of(2024, 1, 2, 1, 4, 5, 0, ZoneOffset.UTC));
        assertThat(stored.get(big)).contains(5_000_000_000L);
        assertThatThrownBy(() -> stored.get(Key.of("big", Integer.class)))
                .isInstanceOf(ClassCastException.class)
                .hasMessage("session value 'big' is a java.lang.Long, which cannot be read as a java.lang.Integer");
        assertThatThrownBy(() -> stored.get(Key.of("user_id", String.class)))
                .hasMessage("session value 'user_id' is a java.lang.Long, which cannot be read as a java.lang.String");
    }

    @Test
    void aChangeInsideANestedListIsSavedUnlikeFlask() {
        Carafe app = app();
        app.post("/add", () -> {
            @SuppressWarnings("unchecked")
            List<Object> cart = (List<Object>) session().get("cart").orElseThrow();
            cart.add(request().args().get("item").orElseThrow());
            return "ok";
        });
        app.post("/rename", () -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> user = (Map<String, Object>) session().get("user").orElseThrow();
            user.put("name", "Grace");
            return "ok";
        });
        app.get("/look", () -> String.valueOf(session().get("cart").orElseThrow()));
        TestClient client = app.testClient().sessionTransaction(s -> {
            s.put("cart", new ArrayList<>(List.of("apple")));
            s.put("user", Map.of("name", "Ada"));
        });
        assertThat(client.post("/add?item=pear").setCookies()).hasSize(1);
        assertThat(client.post("/rename").setCookies()).hasSize(1);
        TestResponse look = client.get("/look");
        assertThat(look.text()).isEqualTo("[apple, pear]");
        assertThat(look.setCookies()).as("reading a nested value is not a change").isEmpty();
        assertThat(client.session().get("user")).contains(Map.of("name", "Grace"));
    }

    private static Request request() {
        return Globals.request();
    }

    @Test
    void flashedMessagesLastUntilTheNextRequestReadsThem() {
        Carafe app = app();
        List<String> signals = new CopyOnWriteArrayList<>();
        app.connect(Signal.MESSAGE_FLASHED, e -> signals.add(e.category() + ":" + e.message()));
        app.post("/save", () -> {
            flash("Saved");
            flash("Disk almost full", "warning");
            return Response.redirect("/");
        });
        app.get("/", () -> {
            List<Flash> first = flashedMessages();
            assertThat(flashedMessages()).as("same list within a request").isSameAs(first);
            return first.toString();
        });
        TestClient client = app.testClient();
        client.post("/save");
        assertThat(signals).containsExactly("message:Saved", "warning:Disk almost full");
        assertThat(client.session().get("_flashes")).contains(
                List.of(Tuple.of("message", "Saved"), Tuple.of("warning", "Disk almost full")));
        assertThat(client.get("/").text()).isEqualTo("[Flash[category=message, message=Saved],"
                + " Flash[category=warning, message=Disk almost full]]");
        assertThat(client.get("/").text()).isEqualTo("[]");
    }

    @Test
    void aSessionTransactionSetsWhatTheNextRequestSees() {
        Carafe app = app();
        List<String> trace = new ArrayList<>();
        app.teardownRequest(o -> trace.add("teardown"));
        app.get("/me", () -> "user " + session().get(USER_ID).map(String::valueOf).orElse("none"));
        TestClient client = app.testClient();
        client.sessionTransaction(s -> s.set(USER_ID, 7));
        assertThat(trace).as("no teardown for a transaction").isEmpty();
        assertThat(client.get("/me").text()).isEqualTo("user 7");
        assertThat(client.session().get(USER_ID)).contains(7);
        client.sessionTransaction(Session::clear);
        assertThat(client.cookies()).doesNotContainKey("session");
        assertThat(client.get("/me").text()).isEqualTo("user none");
        assertThat(Globals.hasAppContext()).isFalse();
    }

    @Test
    void aSessionTransactionDoesNotDisturbAContextAlreadyPushed() {
        Carafe app = app();
        try (Context outer = app.testRequestContext(TestRequest.get("/outer")).push()) {
            app.testClient().sessionTransaction(s -> s.put("a", 1));
            assertThat(Globals.context()).isSameAs(outer);
            assertThat(Globals.request().path()).isEqualTo("/outer");
        }
    }

    @Test
    void theSessionReadFromTheClientCannotBeChanged() {
        Carafe app = app();
        TestClient client = app.testClient().sessionTransaction(s -> s.put("a", 1));
        Session read = client.session();
        assertThat(read.asMap()).isEqualTo(Map.of("a", 1L));
        assertThatThrownBy(() -> read.put("a", 2)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("This session was read from the test client's cookies after the request, so a change to"
                        + " it would be lost. Change the session for the next request with"
                        + " client.sessionTransaction(session -> ...).");
    }

    @Test
    void preserveContextShowsTheLastRequestsSessionInMemory() {
        Carafe app = app();
        Instant when = Instant.parse("2024-01-02T03:04:05.678Z");
        app.get("/", () -> {
            session().put("when", when);
            return "ok";
        });
        TestClient client = app.testClient();
        try (TestClient.Preserved preserved = client.preserveContext()) {
            client.get("/");
            assertThat(session().get("when")).as("the in-memory value, not round-tripped").contains(when);
        }
        assertThat(client.session().get("when")).as("the cookie keeps seconds").contains(Instant.parse("2024-01-02T03:04:05Z"));
    }

    @Test
    void withoutASecretKeyTheSessionReadsEmptyAndWritesFailSayingHowToSetOne() {
        Carafe app = Carafe.create("nokey", Config.builder().set(Config.TESTING, true).build());
        app.get("/read", () -> session().isEmpty() + " " + session().contains("x") + " " + session().get("x"));
        app.get("/write", () -> {
            session().put("x", 1);
            return "unreachable";
        });
        TestClient client = app.testClient();
        TestResponse read = client.get("/read");
        assertThat(read.text()).isEqualTo("true false Optional.empty");
        assertThat(read.setCookies()).isEmpty();
        String message = "The session is unavailable because no secret key was set. Set SECRET_KEY in the"
                + " configuration to something unique and secret, e.g. Config.builder().set(Config.SECRET_KEY,"
                + " System.getenv(\"SECRET_KEY\")), or CARAFE_SECRET_KEY in the environment with loadEnv(\"CARAFE_\").";
        assertThatThrownBy(() -> client.get("/write")).isInstanceOf(ContextException.class).hasMessage(message);
        assertThatThrownBy(() -> client.sessionTransaction(s -> s.put("x", 1)))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("Cannot open a session transaction: the session interface")
                .hasMessageEndingWith("opened no session for this request. " + message);
    }

    @Test
    void anInvalidSameSiteFailsWhenTheAppIsCreated() {
        assertThatThrownBy(() -> Config.builder().set("SESSION_COOKIE_SAMESITE", "Sometimes").build())
                .isInstanceOf(CarafeException.class).hasMessageContaining("SESSION_COOKIE_SAMESITE");
        Config typed = Config.builder().set(Config.SECRET_KEY, "k").set(Config.SESSION_COOKIE_SAMESITE, "Sometimes").build();
        assertThatThrownBy(() -> Carafe.create("bad", typed)).isInstanceOf(CarafeException.class)
                .hasMessage("Configuration key SESSION_COOKIE_SAMESITE must be \"Strict\", \"Lax\" or \"None\", was"
                        + " \"Sometimes\". Set one of those, or leave the key unset for no SameSite attribute.");
        Carafe lax = Carafe.create("lax", Config.builder().set(Config.SECRET_KEY, "k")
                .set("SESSION_COOKIE_SAMESITE", "lax").build());
        lax.get("/", () -> { session().put("a", 1); return "ok"; });
        assertThat(lax.testClient().get("/").setCookies().getFirst()).endsWith("; HttpOnly; Path=/; SameSite=Lax");
    }

    @Test
    void valuesASessionCannotStoreAreRefusedWhenPut() {
        Carafe app = app();
        app.get("/", () -> {
            session().put("tags", List.of("a", new StringBuilder("b")));
            return "ok";
        });
        assertThatThrownBy(() -> app.testClient().get("/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session value 'tags[1]': cannot store a java.lang.StringBuilder;");
    }

    @Test
    void theEncryptedModeHidesTheSessionFromTheClient() {
        Carafe app = Carafe.create("sealed", Config.builder().set(Config.SECRET_KEY, "k")
                .set("SESSION_COOKIE_ENCRYPTED", "true").build());
        app.get("/", () -> {
            int visits = session().get(VISITS, 0) + 1;
            session().set(VISITS, visits);
            session().put("secret", "only the server reads this");
            return String.valueOf(visits);
        });
        TestClient client = app.testClient();
        client.get("/");
        String cookie = client.cookies().get("session");
        assertThat(cookie).startsWith("e1.");
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(cookie.substring(3)),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("secret").doesNotContain("visits");
        assertThat(client.get("/").text()).isEqualTo("2");
    }
}
