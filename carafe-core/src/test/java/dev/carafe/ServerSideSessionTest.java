package dev.carafe;

import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.spi.SessionInterface;
import dev.carafe.spi.Sessions;
import dev.carafe.testing.TestClient;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The session SPI, used through the public API only: a server-side store replaces the cookie. */
class ServerSideSessionTest {

    /** Keeps each session's JSON in memory under a random id; the cookie carries only the id. */
    static final class MemoryStore implements SessionInterface {
        private static final SecureRandom RANDOM = new SecureRandom();
        final Map<String, String> store = new ConcurrentHashMap<>();

        @Override
        public Optional<Session> open(Carafe app, Request request) {
            String json = Optional.ofNullable(request.cookies().get("sid")).map(store::get).orElse(null);
            return Optional.of(json == null ? Sessions.create() : Sessions.of(Sessions.fromJson(json)));
        }

        @Override
        public void save(Carafe app, Session session, Response response) {
            if (session.accessed()) {
                response.headers().addToken("Vary", "Cookie");
            }
            String id = Globals.request().cookies().get("sid");
            if (session.isEmpty()) {
                if (id != null && session.modified()) {
                    store.remove(id);
                    response.deleteCookie("sid");
                }
                return;
            }
            if (!session.modified()) {
                return;
            }
            if (id == null || !store.containsKey(id)) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                id = HexFormat.of().formatHex(bytes);
                response.setCookie(Cookie.builder("sid", id).httpOnly(true).build());
            }
            store.put(id, Sessions.toJson(session.asMap()));
        }
    }

    @Test
    void aStoreKeepsTheSessionOnTheServerWithTheSameSemantics() {
        MemoryStore sessions = new MemoryStore();
        Carafe app = Carafe.create("store", Config.builder().set(Config.TESTING, true).build());
        app.sessionInterface(sessions);
        app.get("/add", () -> {
            List<Object> cart = session().get("cart").map(ServerSideSessionTest::cast).orElse(null);
            if (cart == null) {
                session().put("cart", new java.util.ArrayList<>(List.of("apple")));
            } else {
                cart.add("pear"); // changed in place: still saved
            }
            return "ok";
        });
        app.get("/cart", () -> String.valueOf(session().get("cart").orElse(List.of())));
        app.get("/logout", () -> {
            session().clear();
            return "bye";
        });

        TestClient client = app.testClient();
        client.get("/add");
        String id = client.cookies().get("sid");
        assertThat(id).hasSize(64);
        assertThat(sessions.store).containsEntry(id, "{\"cart\":[\"apple\"]}");
        client.get("/add");
        assertThat(client.get("/cart").text()).isEqualTo("[apple, pear]");
        assertThat(client.cookies()).containsOnlyKeys("sid");
        assertThat(client.session().get("cart")).contains(List.of("apple", "pear"));

        client.get("/logout");
        assertThat(sessions.store).isEmpty();
        assertThat(client.cookies()).isEmpty();
    }

    @Test
    void withoutSessionsTheDefaultNullSessionIsUsed() {
        Carafe app = Carafe.create("none", Config.builder().set(Config.TESTING, true).build());
        app.sessionInterface(new SessionInterface() {
            @Override
            public Optional<Session> open(Carafe a, Request request) {
                return Optional.empty();
            }

            @Override
            public void save(Carafe a, Session session, Response response) {
                throw new AssertionError("a null session is never saved");
            }
        });
        app.get("/", () -> session().isNull() + " " + session().isEmpty());
        assertThat(app.testClient().get("/").text()).isEqualTo("true true");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> cast(Object o) {
        return (List<Object>) o;
    }
}
