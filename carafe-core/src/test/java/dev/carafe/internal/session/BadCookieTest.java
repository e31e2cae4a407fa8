package dev.carafe.internal.session;

import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad session cookie gives the handler an empty session and the client a normal
 * response, never an error; the reason is logged at debug level on {@code dev.carafe.session}.
 */
class BadCookieTest {
    private static final long T = CookieSessionInterfaceTest.T.getEpochSecond();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Signs {@code payload} with {@code key} at {@code timestamp} exactly as itsdangerous does. */
    private static String sign(String key, String payload, long timestamp) {
        byte[] ts = java.math.BigInteger.valueOf(timestamp).toByteArray();
        int skip = ts.length > 1 && ts[0] == 0 ? 1 : 0;
        String signed = payload + "." + B64.encodeToString(java.util.Arrays.copyOfRange(ts, skip, ts.length));
        byte[] derived = SignedCodec.hmacSha1(key.getBytes(StandardCharsets.UTF_8),
                "cookie-session".getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(SignedCodec.hmacSha1(derived, signed.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String json(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String compressed(String json) {
        return "." + B64.encodeToString(Zlib.compress(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyBadCookieGivesAnEmptySessionAndIsLoggedAtDebug() {
        String good = sign("dev", json("{\"user\":1}"), T);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("tampered payload", good.replace(json("{\"user\":1}"), json("{\"user\":2}")));
        cases.put("tampered signature", good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA"));
        cases.put("wrong key", sign("not-dev", json("{\"user\":1}"), T));
        cases.put("expired", sign("dev", json("{\"user\":1}"), T - 31L * 24 * 3600 - 1));
        cases.put("future timestamp", sign("dev", json("{\"user\":1}"), T + 60));
        cases.put("truncated", good.substring(0, good.length() / 2));
        cases.put("no separator", "garbage");
        cases.put("not base64", sign("dev", "%%%notbase64%%%", T));
        cases.put("bad JSON", sign("dev", json("{\"user\":"), T));
        cases.put("not an object", sign("dev", json("[1,2,3]"), T));
        cases.put("bad tag", sign("dev", json("{\"b\":{\" b\":\"not base64!\"}}"), T));
        cases.put("invalid UTF-8", sign("dev", B64.encodeToString(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}), T));
        cases.put("corrupt zlib", sign("dev", "." + json("definitely not zlib"), T));
        cases.put("zip bomb", sign("dev", compressed("{\"a\":\"" + "A".repeat(1_000_000) + "\"}"), T));

        Carafe app = CookieSessionInterfaceTest.app(c -> c);
        app.get("/", () -> session().isEmpty() ? "empty" : "loaded " + session().asMap());
        assertThat(app.testClient().cookie("session", good).get("/").text()).isEqualTo("loaded {user=1}");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            try (LogRecorder log = new LogRecorder(CookieSessionInterface.LOGGER, "DEBUG")) {
                TestResponse r = app.testClient().cookie("session", c.getValue()).get("/");
                assertThat(r.status()).as(c.getKey()).isEqualTo(200);
                assertThat(r.text()).as(c.getKey()).isEqualTo("empty");
                assertThat(r.setCookies()).as(c.getKey()).isEmpty();
                assertThat(log.messages("DEBUG")).as(c.getKey()).singleElement().asString()
                        .startsWith("Ignoring the session cookie 'session' of GET /: ")
                        .endsWith(". Starting an empty session.");
            }
        }
    }

    @Test
    void theLogSaysWhyACookieWasIgnored() {
        Carafe app = CookieSessionInterfaceTest.app(c -> c);
        app.get("/", () -> String.valueOf(session().size()));
        try (LogRecorder log = new LogRecorder(CookieSessionInterface.LOGGER, "DEBUG")) {
            app.testClient().cookie("session", sign("dev", json("{}"), T - 31L * 24 * 3600 - 10)).get("/");
            app.testClient().cookie("session", sign("dev", compressed("{\"a\":\"" + "A".repeat(100_000) + "\"}"), T)).get("/");
            assertThat(log.messages("DEBUG")).containsExactly(
                    "Ignoring the session cookie 'session' of GET /: the cookie expired: signed 2678410 s ago, the limit"
                            + " is 2678400 s. Starting an empty session.",
                    "Ignoring the session cookie 'session' of GET /: the compressed payload inflates past 65536 bytes."
                            + " Starting an empty session.");
        }
    }

    @Test
    void aBadCookieIsLeftAloneUnlessTheSessionChanges() {
        Carafe app = CookieSessionInterfaceTest.app(c -> c);
        app.get("/read", () -> String.valueOf(session().size()));
        app.get("/login", () -> { session().put("user", 1); return "ok"; });
        assertThat(app.testClient().cookie("session", "garbage").get("/read").setCookies()).isEmpty();
        assertThat(app.testClient().cookie("session", "garbage").get("/login").setCookies())
                .containsExactly("session=" + sign("dev", json("{\"user\":1}"), T) + "; HttpOnly; Path=/");
    }

    @Test
    void theEncryptedModeIgnoresSignedCookiesAndTheOtherWayRound() {
        Carafe encrypted = CookieSessionInterfaceTest.app(c -> c.set(Config.SESSION_COOKIE_ENCRYPTED, true));
        encrypted.get("/", () -> session().isEmpty() ? "empty" : "loaded");
        encrypted.get("/login", () -> { session().put("user", 1); return "ok"; });
        assertThat(encrypted.testClient().cookie("session", sign("dev", json("{\"user\":1}"), T)).get("/").text())
                .isEqualTo("empty");
        String sealed = encrypted.testClient().get("/login").setCookies().getFirst().split(";")[0].substring(8);

        Carafe signed = CookieSessionInterfaceTest.app(c -> c);
        signed.get("/", () -> session().isEmpty() ? "empty" : "loaded");
        assertThat(signed.testClient().cookie("session", sealed).get("/").text()).isEqualTo("empty");
        assertThat(encrypted.testClient().cookie("session", sealed).get("/").text()).isEqualTo("loaded");
    }
}
