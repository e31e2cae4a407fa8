package dev.carafe.internal.session;

import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Cookie;
import dev.carafe.Response;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Flask's saving rules (flask-model.md §3.3) and exact Set-Cookie headers, with the clock fixed
 * at the vectors' timestamp 1700000000.
 */
class CookieSessionInterfaceTest {
    static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    /** Returns a testing app with {@code SECRET_KEY=dev}, more settings, and the clock fixed at {@code clock}. */
    static Carafe app(Clock clock, UnaryOperator<Config.Builder> settings) {
        Config config = settings.apply(Config.builder().set(Config.TESTING, true).set(Config.SECRET_KEY, "dev")).build();
        Carafe app = Carafe.create("sessions", config);
        app.sessionInterface(new CookieSessionInterface(config, clock));
        return app;
    }

    static Carafe app(UnaryOperator<Config.Builder> settings) {
        return app(Clock.fixed(T, ZoneOffset.UTC), settings);
    }

    @Test
    void theFourFlaskVectorsComeOutOfARequestByteForByte() {
        Carafe app = app(c -> c);
        app.get("/a", () -> { session().put("a", 1); return "ok"; });
        app.get("/b", () -> { session().put("b", 2); session().put("a", "x"); return "ok"; });
        app.get("/d", () -> { session().put("name", "héllo ☃"); return "ok"; });
        assertThat(app.testClient().get("/a").setCookies())
                .containsExactly("session=eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk; HttpOnly; Path=/");
        assertThat(app.testClient().get("/b").setCookies())
                .containsExactly("session=eyJhIjoieCIsImIiOjJ9.ZVPxAA.lStN-YoODgmbs_wj5jm6QWzprAM; HttpOnly; Path=/");
        assertThat(app.testClient().get("/d").setCookies()).containsExactly(
                "session=eyJuYW1lIjoiaFx1MDBlOWxsbyBcdTI2MDMifQ.ZVPxAA.mzLNlkdvtx99oyI_cZFEO6gZo3Y; HttpOnly; Path=/");

        Carafe rotated = app(c -> c.set(Config.SECRET_KEY, "new-key").set(Config.SECRET_KEY_FALLBACKS, List.of("old-key")));
        rotated.get("/a", () -> { session().put("a", 1); return "ok"; });
        assertThat(rotated.testClient().get("/a").setCookies())
                .containsExactly("session=eyJhIjoxfQ.ZVPxAA.fNp-mu8k33VRIvnZZJ1WV8yrWlo; HttpOnly; Path=/");
    }

    @Test
    void anyAccessAddsVaryCookieEvenContainsAndSize() {
        Carafe app = app(c -> c);
        app.get("/contains", () -> String.valueOf(session().contains("x")));
        app.get("/size", () -> String.valueOf(session().size()));
        app.get("/untouched", () -> "ok");
        TestClient client = app.testClient();
        assertThat(client.get("/contains").header("Vary")).contains("Cookie");
        assertThat(client.get("/size").header("Vary")).contains("Cookie");
        TestResponse untouched = client.get("/untouched");
        assertThat(untouched.header("Vary")).isEmpty();
        assertThat(untouched.setCookies()).isEmpty();
    }

    @Test
    void varyCookieJoinsAnExistingVaryOnce() {
        Carafe app = app(c -> c);
        app.get("/", () -> {
            session().get("x");
            return Response.html("ok").header("Vary", "Accept-Encoding, Accept-Language");
        });
        app.get("/twice", () -> {
            session().put("x", 1);
            return Response.html("ok").header("Vary", "cookie");
        });
        assertThat(app.testClient().get("/").header("Vary")).contains("Accept-Encoding, Accept-Language, Cookie");
        assertThat(app.testClient().get("/twice").headers().all("Vary")).containsExactly("cookie");
    }

    @Test
    void readingTheSessionDoesNotWriteACookie() {
        Carafe app = app(c -> c);
        app.get("/read", () -> session().get("a").map(String::valueOf).orElse("none"));
        TestClient client = app.testClient().sessionTransaction(s -> s.put("a", 1));
        TestResponse r = client.get("/read");
        assertThat(r.text()).isEqualTo("1");
        assertThat(r.setCookies()).isEmpty();
    }

    @Test
    void emptyingAModifiedSessionSendsADeletionCookie() {
        Carafe app = app(c -> c);
        app.get("/logout", () -> { session().clear(); return "bye"; });
        TestClient client = app.testClient().sessionTransaction(s -> s.put("user", 1));
        TestResponse r = client.get("/logout");
        assertThat(r.setCookies())
                .containsExactly("session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/");
        assertThat(r.header("Vary")).contains("Cookie");
        assertThat(client.cookies()).doesNotContainKey("session");
    }

    @Test
    void clearingAnAlreadyEmptySessionStillDeletesTheCookieAsFlaskDoes() {
        Carafe app = app(c -> c);
        app.get("/logout", () -> { session().clear(); return "bye"; });
        assertThat(app.testClient().get("/logout").setCookies()).singleElement().asString().startsWith("session=;");
    }

    @Test
    void anEmptySessionThatWasNotModifiedWritesNothing() {
        Carafe app = app(c -> c);
        app.get("/", () -> String.valueOf(session().isEmpty()));
        TestResponse r = app.testClient().get("/");
        assertThat(r.setCookies()).isEmpty();
        assertThat(r.header("Vary")).contains("Cookie");
    }

    @Test
    void aPermanentSessionExpiresAfterTheLifetime() {
        Carafe app = app(c -> c.set(Config.PERMANENT_SESSION_LIFETIME, Duration.ofDays(31)));
        app.get("/", () -> { session().permanent(true); session().put("a", 1); return "ok"; });
        String header = app.testClient().get("/").setCookies().getFirst();
        assertThat(Cookie.httpDate(T.plus(Duration.ofDays(31)))).isEqualTo("Fri, 15 Dec 2023 22:13:20 GMT");
        assertThat(header).matches("session=[A-Za-z0-9_.-]+; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/");
    }

    @Test
    void settingPermanentFalseOnAnEmptySessionIsAWriteAsInFlask() {
        Carafe app = app(c -> c);
        app.get("/", () -> { session().permanent(false); return "ok"; });
        // {"_permanent":false}
        assertThat(app.testClient().get("/").setCookies().getFirst()).startsWith("session=eyJfcGVybWFuZW50IjpmYWxzZX0.");
    }

    @Test
    void aPermanentSessionIsRefreshedOnEveryResponseUnlessDisabled() {
        Carafe app = app(c -> c);
        app.get("/login", () -> { session().permanent(true); session().put("u", 1); return "ok"; });
        app.get("/untouched", () -> "ok");
        TestClient client = app.testClient();
        client.get("/login");
        TestResponse r = client.get("/untouched");
        assertThat(r.setCookies()).singleElement().asString().contains("; Expires=");
        assertThat(r.header("Vary")).contains("Cookie");

        Carafe noRefresh = app(c -> c.set(Config.SESSION_REFRESH_EACH_REQUEST, false));
        noRefresh.get("/login", () -> { session().permanent(true); session().put("u", 1); return "ok"; });
        noRefresh.get("/untouched", () -> "ok");
        TestClient other = noRefresh.testClient();
        other.get("/login");
        assertThat(other.get("/untouched").setCookies()).isEmpty();
    }

    @Test
    void aBrowserSessionIsNotRefreshed() {
        Carafe app = app(c -> c);
        app.get("/untouched", () -> "ok");
        TestClient client = app.testClient().sessionTransaction(s -> s.put("u", 1));
        assertThat(client.get("/untouched").setCookies()).isEmpty();
    }

    @Test
    void everyCookieSettingIsWrittenAndTheDeletionCookieRepeatsThem() {
        Carafe app = app(c -> c.set(Config.SESSION_COOKIE_NAME, "sid").set(Config.SESSION_COOKIE_DOMAIN, ".example.com")
                .set(Config.SESSION_COOKIE_PATH, "/app").set(Config.SESSION_COOKIE_SECURE, true)
                .set(Config.SESSION_COOKIE_HTTPONLY, false).set(Config.SESSION_COOKIE_SAMESITE, "Lax")
                .set(Config.SESSION_COOKIE_PARTITIONED, true));
        app.get("/set", () -> { session().put("a", 1); return "ok"; });
        app.get("/clear", () -> { session().clear(); return "ok"; });
        TestClient client = app.testClient();
        assertThat(client.get("/set").setCookies()).containsExactly(
                "sid=eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk; Domain=example.com; Secure; Path=/app; SameSite=Lax;"
                        + " Partitioned");
        assertThat(client.get("/clear").setCookies()).containsExactly("sid=; Domain=example.com;"
                + " Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/app; SameSite=Lax; Partitioned");
    }

    @Test
    void theCookiePathDefaultsToTheApplicationRoot() {
        Config config = Config.builder().set(Config.SECRET_KEY, "dev").set(Config.APPLICATION_ROOT, "/shop").build();
        CookieSessionInterface sessions = new CookieSessionInterface(config, Clock.fixed(T, ZoneOffset.UTC));
        CookieSession s = CookieSession.empty();
        s.put("a", 1);
        Response r = Response.html("");
        sessions.save(Carafe.create("root", config), s, r);
        assertThat(r.headers().all("Set-Cookie"))
                .containsExactly("session=eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk; HttpOnly; Path=/shop");
    }

    @Test
    void aCookieReadWithAFallbackKeyIsNotResignedUntilChanged() {
        Carafe oldApp = app(c -> c.set(Config.SECRET_KEY, "old-key"));
        oldApp.get("/login", () -> { session().put("user", 7); return "ok"; });
        String oldCookie = oldApp.testClient().get("/login").setCookies().getFirst();

        Carafe app = app(c -> c.set(Config.SECRET_KEY, "new-key").set(Config.SECRET_KEY_FALLBACKS, List.of("old-key")));
        app.get("/me", () -> String.valueOf(session().get("user").orElse("nobody")));
        app.get("/touch", () -> { session().put("seen", true); return "ok"; });
        TestClient client = app.testClient().cookie("session", oldCookie.substring("session=".length(), oldCookie.indexOf(';')));
        TestResponse me = client.get("/me");
        assertThat(me.text()).isEqualTo("7");
        assertThat(me.setCookies()).isEmpty();

        client.get("/touch");
        String resigned = client.cookies().get("session");
        SignedCodec newKeyOnly = new SignedCodec(List.of("new-key"), CookieSessionInterface.INFLATE_LIMIT);
        assertThat(new String(decodeOrFail(newKeyOnly, resigned))).isEqualTo("{\"seen\":true,\"user\":7}");
    }

    private static byte[] decodeOrFail(CookieCodec codec, String value) {
        try {
            return codec.decode(value, T.getEpochSecond(), 60);
        } catch (BadCookie e) {
            throw new AssertionError(e.getMessage());
        }
    }

    @Test
    void keyRotationFollowsFlasksFallbackTest() {
        // test_session_secret_key_fallbacks: "0 key" writes; "? key" cannot read; "+1 key" with fallbacks can.
        Carafe zero = app(c -> c.set(Config.SECRET_KEY, "0 key"));
        zero.get("/", () -> { session().put("a", 1); return "ok"; });
        String value = zero.testClient().get("/").setCookies().getFirst().split(";")[0].substring("session=".length());

        Carafe unknown = app(c -> c.set(Config.SECRET_KEY, "? key"));
        unknown.get("/", () -> String.valueOf(session().asMap()));
        assertThat(unknown.testClient().cookie("session", value).get("/").text()).isEqualTo("{}");

        Carafe next = app(c -> c.set("SECRET_KEY", "+1 key").set("SECRET_KEY_FALLBACKS", "0 key,-1 key"));
        next.get("/", () -> String.valueOf(session().asMap()));
        assertThat(next.testClient().cookie("session", value).get("/").text()).isEqualTo("{a=1}");
    }

    @Test
    void theLifetimeAlsoBoundsBrowserSessionCookies() {
        MutableClock clock = new MutableClock(T);
        Carafe app = app(clock, c -> c.set(Config.PERMANENT_SESSION_LIFETIME, Duration.ofDays(31)));
        app.get("/", () -> String.valueOf(session().asMap()));
        TestClient client = app.testClient().sessionTransaction(s -> s.put("a", 1));
        clock.now = T.plus(Duration.ofDays(31)).minusSeconds(5);
        assertThat(client.get("/").text()).isEqualTo("{a=1}");
        clock.now = T.plus(Duration.ofDays(31)).plusSeconds(1);
        assertThat(client.get("/").text()).isEqualTo("{}");
    }

    @Test
    void aCookieLargerThanMaxCookieSizeIsLoggedAsAWarning() {
        Carafe app = app(c -> c.set(Config.MAX_COOKIE_SIZE, 200));
        byte[] noise = new byte[300];
        new Random(1).nextBytes(noise);
        app.get("/", () -> { session().put("blob", noise); return "ok"; });
        try (LogRecorder log = new LogRecorder("sessions", "WARN")) {
            assertThat(app.testClient().get("/").setCookies()).hasSize(1);
            assertThat(log.messages("WARN")).singleElement().asString()
                    .startsWith("The 'session' cookie is too large: the value was ")
                    .contains("but the limit is 200 bytes. Browsers may silently ignore cookies larger than this.");
        }
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
