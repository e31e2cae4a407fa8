package dev.carafe.internal.session;

import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.flashedMessages;
import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Flash;
import dev.carafe.Markup;
import dev.carafe.Tuple;
import dev.carafe.testing.TestResponse;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Carafe and the real Flask (the machine's {@code python3}) read each other's session cookies
 * exactly, and write the same bytes for the same data, key and time.
 *
 * <p>Skipped, loudly, only when {@code python3} cannot import Flask ({@code .ci/setup.sh}
 * installs Debian's {@code python3-flask} when it is missing).
 */
class FlaskInteropTest {
    private static final long T = 1_700_000_000L;
    private static boolean bannerShown;

    /** One session, written as a Python expression and as the Java values Carafe stores for it. */
    private record Case(String name, String python, Map<String, Object> java) {}

    private static final UUID ID = UUID.fromString("12345678-1234-5678-1234-567812345678");

    private static final List<Case> CASES = List.of(
            new Case("flat", "{'a': 1, 'b': 'x', 'ok': True, 'none': None}",
                    map("a", 1, "b", "x", "ok", true, "none", null)),
            new Case("non-ASCII", "{'name': 'héllo ☃ 😀', 'ключ': 'значение', 'ctl': 'a\\tb\\n\"\\\\'}",
                    map("name", "héllo ☃ 😀", "ключ", "значение", "ctl", "a\tb\n\"\\")),
            new Case("nested", "{'user': {'id': 7, 'roles': ['admin', 'dev'], 'prefs': {'theme': 'dark', 'n': None}},"
                    + " 'cart': [[1, 2], {'x': 1.5}]}",
                    map("user", map("id", 7, "roles", List.of("admin", "dev"), "prefs", map("theme", "dark", "n", null)),
                            "cart", List.of(List.of(1, 2), map("x", 1.5)))),
            new Case("tagged", "{'t': ('message', 'hi'), 'b': b'\\xff\\x00binary',"
                    + " 'u': uuid.UUID('12345678-1234-5678-1234-567812345678'),"
                    + " 'd': datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),"
                    + " 'm': Markup('<b>bold</b>'), 'di': {' t': 'x'},"
                    + " '_flashes': [('message', 'Saved'), ('error', 'Oops')]}",
                    map("t", Tuple.of("message", "hi"), "b", new byte[] {(byte) 0xff, 0, 'b', 'i', 'n', 'a', 'r', 'y'},
                            "u", ID, "d", Instant.parse("2024-01-02T03:04:05Z"), "m", Markup.of("<b>bold</b>"),
                            "di", map(" t", "x"),
                            "_flashes", List.of(Tuple.of("message", "Saved"), Tuple.of("error", "Oops")))),
            new Case("compressed", "{'long': 'abc' * 200, 'list': list(range(100))}",
                    map("long", "abc".repeat(200), "list", range(100))),
            new Case("numbers", "{'f': [1.5, 1e16, 1e-05, 0.1, -0.0, 2e23, 1/3], 'big': 12345678901234567890, 'neg': -5}",
                    map("f", List.of(1.5, 1e16, 1e-5, 0.1, -0.0, 2e23, 1.0 / 3),
                            "big", new BigInteger("12345678901234567890"), "neg", -5)));

    @BeforeEach
    void requireFlask() {
        // Per test, so that each one is reported as skipped with the reason (a class-level
        // assumption is reported as no tests at all).
        String why = FlaskProcess.unavailable();
        if (why != null && !bannerShown) {
            bannerShown = true;
            System.err.println("\n!!!!!!!! FlaskInteropTest SKIPPED: " + why + ". Run .ci/setup.sh (installs"
                    + " python3-flask) to test session cookies against the real Flask. !!!!!!!!\n");
        }
        assumeTrue(why == null, () -> "SKIPPED: the Flask interoperability tests need python3 with Flask (" + why
                + "); run .ci/setup.sh to install python3-flask");
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static Map<String, Object> op(String op, String key, List<String> fallbacks, Object... kv) {
        Map<String, Object> m = map(kv);
        m.put("op", op);
        m.put("key", key);
        m.put("fallbacks", fallbacks);
        m.put("now", T);
        return m;
    }

    /** A Carafe app at the fixed time, with /write storing {@link #toWrite} and /read capturing the session. */
    private static final class CarafeSide {
        final Carafe app;
        Map<String, Object> toWrite = Map.of();
        Map<String, Object> read;

        CarafeSide(String key, List<String> fallbacks) {
            Config config = Config.builder().set(Config.TESTING, true).set(Config.SECRET_KEY, key)
                    .set(Config.SECRET_KEY_FALLBACKS, fallbacks).build();
            app = Carafe.create("interop", config);
            app.sessionInterface(new CookieSessionInterface(config, Clock.fixed(Instant.ofEpochSecond(T), ZoneOffset.UTC)));
            app.get("/write", () -> {
                toWrite.forEach(session()::put);
                return "ok";
            });
            app.get("/read", () -> {
                read = new LinkedHashMap<>(session().asMap());
                return "ok";
            });
            app.get("/flashes", () -> String.valueOf(flashedMessages()));
            app.get("/flash", () -> {
                flash("Saved");
                flash("Oops", "error");
                return "ok";
            });
        }

        String write(Map<String, Object> values) {
            toWrite = values;
            TestResponse r = app.testClient().get("/write");
            String header = r.setCookies().getFirst();
            return header.substring("session=".length(), header.indexOf(';'));
        }

        Map<String, Object> read(String cookie) {
            read = null;
            app.testClient().cookie("session", cookie).get("/read");
            return read;
        }
    }

    @Test
    void carafeWritesTheBytesFlaskWritesAndEachReadsTheOthersCookiesExactly() throws Exception {
        CarafeSide carafe = new CarafeSide("dev", List.of());
        List<String> carafeCookies = CASES.stream().map(c -> carafe.write(c.java())).toList();
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            ops.add(op("dump", "dev", List.of(), "python", CASES.get(i).python()));
            ops.add(op("load", "dev", List.of(), "cookie", carafeCookies.get(i)));
        }
        List<Map<String, Object>> flask = FlaskProcess.run(ops);
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            String flaskCookie = (String) flask.get(2 * i).get("cookie");
            assertThat(carafeCookies.get(i)).as(c.name() + ": Carafe's cookie equals Flask's").isEqualTo(flaskCookie);
            assertThat(flask.get(2 * i + 1)).as(c.name() + ": Flask loads Carafe's cookie").containsKey("repr");
            Map<String, Object> back = carafe.read(flaskCookie);
            assertThat(SessionJson.dumps(back)).as(c.name() + ": Carafe loads Flask's cookie")
                    .isEqualTo(SessionJson.dumps(c.java()));
        }
        assertThat(carafeCookies.get(4)).as("the compressed case is compressed").startsWith(".eJ");
    }

    @Test
    void flaskLoadsTaggedValuesFromCarafeAsTheirPythonTypes() throws Exception {
        CarafeSide carafe = new CarafeSide("dev", List.of());
        String cookie = carafe.write(CASES.get(3).java());
        List<Map<String, Object>> flask = FlaskProcess.run(List.of(op("load", "dev", List.of(), "cookie", cookie)));
        assertThat(flask.getFirst().get("repr")).isEqualTo("{'_flashes': [('message', 'Saved'), ('error', 'Oops')],"
                + " 'b': b'\\xff\\x00binary', 'd': datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),"
                + " 'di': {' t': 'x'}, 'm': Markup('<b>bold</b>'), 't': ('message', 'hi'),"
                + " 'u': UUID('12345678-1234-5678-1234-567812345678')}");
    }

    @Test
    void carafeLoadsTaggedValuesFromFlaskAsTheirJavaTypes() throws Exception {
        String cookie = (String) FlaskProcess.run(List.of(op("dump", "dev", List.of(), "python", CASES.get(3).python())))
                .getFirst().get("cookie");
        Map<String, Object> back = new CarafeSide("dev", List.of()).read(cookie);
        assertThat(back.get("t")).isEqualTo(Tuple.of("message", "hi"));
        assertThat((byte[]) back.get("b")).containsExactly(0xff, 0, 'b', 'i', 'n', 'a', 'r', 'y');
        assertThat(back.get("u")).isEqualTo(ID);
        assertThat(back.get("d")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(back.get("m")).isEqualTo(Markup.of("<b>bold</b>"));
        assertThat(back.get("di")).isEqualTo(Map.of(" t", "x"));
    }

    @Test
    void flashedMessagesCrossBetweenFlaskAndCarafe() throws Exception {
        String fromFlask = (String) FlaskProcess.run(List.of(op("dump", "dev", List.of(), "python",
                "{'_flashes': [('message', 'Saved'), ('error', 'Oops')]}"))).getFirst().get("cookie");
        CarafeSide carafe = new CarafeSide("dev", List.of());
        assertThat(carafe.app.testClient().cookie("session", fromFlask).get("/flashes").text())
                .isEqualTo(List.of(new Flash("message", "Saved"), new Flash("error", "Oops")).toString());

        String header = carafe.app.testClient().get("/flash").setCookies().getFirst();
        String fromCarafe = header.substring("session=".length(), header.indexOf(';'));
        assertThat(fromCarafe).isEqualTo(fromFlask);
    }

    @Test
    void fallbackKeysWorkTheSameInBothDirections() throws Exception {
        List<String> fallbacks = List.of("old");
        String carafeOld = new CarafeSide("old", List.of()).write(map("user", 1));
        CarafeSide carafeRotated = new CarafeSide("new", fallbacks);
        String carafeNew = carafeRotated.write(map("user", 1));
        List<Map<String, Object>> flask = FlaskProcess.run(List.of(
                op("load", "new", fallbacks, "cookie", carafeOld),
                op("dump", "old", List.of(), "python", "{'user': 1}"),
                op("dump", "new", fallbacks, "python", "{'user': 1}"),
                op("load", "other", List.of(), "cookie", carafeNew)));
        assertThat(flask.get(0).get("repr")).as("Flask reads Carafe's cookie through a fallback").isEqualTo("{'user': 1}");
        assertThat(carafeRotated.read((String) flask.get(1).get("cookie"))).as("Carafe reads Flask's through a fallback")
                .isEqualTo(Map.of("user", 1L));
        assertThat(carafeNew).as("both sign with the current key, not a fallback").isEqualTo(flask.get(2).get("cookie"));
        assertThat(flask.get(3)).as("Flask rejects an unknown key").isEqualTo(Map.of("error", "BadTimeSignature"));
    }

    @Test
    void aRealFlaskRequestReadsCarafesSessionAndCarafeReadsTheOneFlaskSets() throws Exception {
        CarafeSide carafe = new CarafeSide("dev", List.of());
        String cookie = carafe.write(map("user", map("id", 7, "name", "Ada"), "visits", 3));
        Map<String, Object> flask = FlaskProcess.run(List.of(op("request", "dev", List.of(), "cookie", cookie))).getFirst();
        assertThat(flask.get("repr")).isEqualTo("{'user': {'id': 7, 'name': 'Ada'}, 'visits': 3}");
        String setCookie = (String) flask.get("set_cookie");
        assertThat(setCookie).endsWith("; HttpOnly; Path=/");
        Map<String, Object> back = carafe.read(setCookie.substring("session=".length(), setCookie.indexOf(';')));
        assertThat(back).containsEntry("flask", "was here").containsEntry("visits", 3L)
                .containsEntry("user", map("id", 7L, "name", "Ada"));
    }

    @Test
    void floatsAreFormattedExactlyAsPythonFormatsThem() throws Exception {
        Random random = new Random(42);
        List<Long> bits = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern, subnormals included
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1e3;
                default -> Double.MIN_VALUE * (random.nextInt(1000) + 1);
            };
            if (!Double.isNaN(d)) {
                bits.add(Double.doubleToRawLongBits(d));
            }
        }
        Map<String, Object> floats = new LinkedHashMap<>();
        floats.put("op", "floats");
        floats.put("bits", bits);
        @SuppressWarnings("unchecked")
        List<String> python = (List<String>) FlaskProcess.run(List.of(floats)).getFirst().get("json");
        List<String> java = bits.stream().map(b -> PythonJson.floatRepr(Double.longBitsToDouble(b))).toList();
        assertThat(java).isEqualTo(python);
    }
}
