package dev.carafe.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Markup;
import dev.carafe.Tuple;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionJsonTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> loads(String json) throws BadCookie {
        return SessionJson.loads(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSameOnVirtualAndPlatformThreads() throws Exception {
        // Virtual threads parse with buffers made per parse, platform threads with Jackson's
        // per-thread ones: the two factories must read alike, bad input included.
        String json = "{\"a\":[1,2.5,\"x\"],\"t\":{\" t\":[1,\"y\"]},\"n\":null,\"big\":123456789012345678901234567890}";
        Map<String, Object> onPlatform = loads(json);
        Object[] onVirtual = new Object[2];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                onVirtual[0] = loads(json);
                loads("{\"a\":");
            } catch (BadCookie e) {
                onVirtual[1] = e;
            }
        });
        t.join();
        assertThat(onVirtual[0]).isEqualTo(onPlatform);
        assertThat(onVirtual[1]).isInstanceOf(BadCookie.class);
        assertThatThrownBy(() -> loads("{\"a\":")).isInstanceOf(BadCookie.class);
    }

    @Test
    void keysAreSortedAndSeparatorsCompact() {
        assertThat(SessionJson.dumps(map("b", 2, "a", "x", "c", List.of(1, true, false)))).isEqualTo(
                "{\"a\":\"x\",\"b\":2,\"c\":[1,true,false]}");
    }

    @Test
    void nonAsciiIsEscapedWithLowercaseHexAndSurrogatePairs() {
        assertThat(SessionJson.dumps(map("name", "héllo ☃ 😀"))).isEqualTo(
                "{\"name\":\"h\\u00e9llo \\u2603 \\ud83d\\ude00\"}");
    }

    @Test
    void controlCharactersUsePythonsShortEscapes() {
        assertThat(SessionJson.dumps(map("s", "\"\\\n\r\t\b\f\u0001\u007f~ "))).isEqualTo(
                "{\"s\":\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f~ \"}");
    }

    @Test
    void escapesAtEitherEndAndBetweenRunsOfPlainText() {
        assertThat(SessionJson.dumps(map("s", "\"plain\\text\u00e9\u00e9 more\n"))).isEqualTo(
                "{\"s\":\"\\\"plain\\\\text\\u00e9\\u00e9 more\\n\"}");
        assertThat(SessionJson.dumps(map("", ""))).isEqualTo("{\"\":\"\"}");
    }

    @Test
    void keysSortByCodePointNotByUtf16Unit() {
        // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit (0xD83D).
        assertThat(SessionJson.dumps(map("😀", 1, "～", 2))).isEqualTo("{\"\\uff5e\":2,\"\\ud83d\\ude00\":1}");
    }

    @Test
    void floatsAreFormattedAsPythonsRepr() {
        double[] values = {1.5, 1e16, 1e15, 1e-5, 0.0001, 123456789012345678.0, 2e23, -0.0, 0.1, 1.0 / 3,
                Double.MIN_VALUE, Double.MAX_VALUE, 100.0, 1e22, 9007199254740993.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<String> out = new ArrayList<>();
        for (double d : values) {
            out.add(PythonJson.floatRepr(d));
        }
        // Each expected string is what python3 -c 'import json; print(json.dumps(x))' prints.
        assertThat(out).containsExactly("1.5", "1e+16", "1000000000000000.0", "1e-05", "0.0001",
                "1.2345678901234568e+17", "2e+23", "-0.0", "0.1", "0.3333333333333333", "5e-324",
                "1.7976931348623157e+308", "100.0", "1e+22", "9007199254740992.0", "NaN", "Infinity", "-Infinity");
    }

    @Test
    void tagsFollowFlasksScheme() {
        UUID id = UUID.fromString("12345678-1234-5678-1234-567812345678");
        Map<String, Object> session = map(
                "t", Tuple.of("message", "hi"),
                "b", new byte[] {(byte) 0xff, 0},
                "m", Markup.of("<b>x</b>"),
                "u", id,
                "d", Instant.parse("2024-01-02T03:04:05.678Z"),
                "o", OffsetDateTime.of(2024, 1, 2, 4, 4, 5, 0, ZoneOffset.ofHours(1)),
                "l", LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                "di", map(" t", "x"),
                "date", LocalDate.of(2024, 1, 2),
                "dec", new BigDecimal("1.50"));
        assertThat(SessionJson.dumps(session)).isEqualTo("{\"b\":{\" b\":\"/wA=\"},"
                + "\"d\":{\" d\":\"Tue, 02 Jan 2024 03:04:05 GMT\"},"
                + "\"date\":\"Tue, 02 Jan 2024 00:00:00 GMT\","
                + "\"dec\":\"1.50\","
                + "\"di\":{\" di\":{\" t__\":\"x\"}},"
                + "\"l\":{\" d\":\"Tue, 02 Jan 2024 03:04:05 GMT\"},"
                + "\"m\":{\" m\":\"<b>x</b>\"},"
                + "\"o\":{\" d\":\"Tue, 02 Jan 2024 03:04:05 GMT\"},"
                + "\"t\":{\" t\":[\"message\",\"hi\"]},"
                + "\"u\":{\" u\":\"12345678123456781234567812345678\"}}");
    }

    @Test
    void taggedValuesLoadBackAsTheirJavaTypes() throws BadCookie {
        Map<String, Object> back = loads("{\"b\":{\" b\":\"/wA=\"},\"d\":{\" d\":\"Tue, 02 Jan 2024 03:04:05 GMT\"},"
                + "\"di\":{\" di\":{\" t__\":{\" t\":[1,2]}}},\"m\":{\" m\":\"<b>x</b>\"},"
                + "\"t\":{\" t\":[\"message\",{\" u\":\"12345678123456781234567812345678\"}]},"
                + "\"n\":[1,1.5,12345678901234567890,null]}");
        assertThat((byte[]) back.get("b")).containsExactly(0xff, 0);
        assertThat(back.get("d")).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(back.get("di")).isEqualTo(Map.of(" t", Tuple.of(1L, 2L)));
        assertThat(back.get("m")).isEqualTo(Markup.of("<b>x</b>"));
        assertThat(back.get("t")).isEqualTo(Tuple.of("message", UUID.fromString("12345678-1234-5678-1234-567812345678")));
        assertThat(back.get("n")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly(1L, 1.5, new BigInteger("12345678901234567890"), null);
    }

    @Test
    void writingWhatWasReadGivesTheSameBytes() throws BadCookie {
        String json = "{\"a\":{\" di\":{\" t__\":{\" t\":[1,{\" b\":\"AAE=\"}]}}},\"f\":[1e+16,-0.0,NaN],"
                + "\"s\":\"\\u00e9\\ud83d\\ude00\",\"z\":{\"k\":{\" m\":\"<i>\"}}}";
        assertThat(SessionJson.dumps(loads(json))).isEqualTo(json);
    }

    @Test
    void unsupportedValuesAreRejectedNamingWhereTheyAre() {
        Map<String, Object> cart = map("items", new ArrayList<>(List.of("a", Set.of("b"))));
        assertThatThrownBy(() -> SessionJson.check("cart", cart))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session value 'cart.items[1]': cannot store a java.util.")
                .hasMessageContaining("session values must be strings, numbers, booleans, null, lists, maps with"
                        + " string keys, Tuple, byte[], UUID, Markup or date-times");
        assertThatThrownBy(() -> SessionJson.check("m", Map.of(1, "x")))
                .hasMessage("session value 'm': a map key must be a string, was a java.lang.Integer");
    }

    @Test
    void malformedPayloadsAreBadCookies() {
        for (String bad : List.of("[1,2]", "{\"a\":1", "{\"a\":1} x", "not json", "{\" t\":[1]}", "{\"b\":{\" b\":\"***\"}}",
                "{\"u\":{\" u\":\"xyz\"}}", "{\"t\":{\" t\":\"ab\"}}", "{\"m\":{\" m\":5}}", "{\"d\":{\" di\":5}}")) {
            assertThatThrownBy(() -> loads(bad)).as(bad).isInstanceOf(BadCookie.class);
        }
    }

    @Test
    void aDateThatCouldNotBeWrittenBackLoadsAsNullAndTheRestOfTheSessionIsKept() throws BadCookie {
        // Year 0, and a date pushed past 9999 by its offset: no session writer makes these.
        Map<String, Object> zero = loads("{\"d\":{\" d\":\"Sat, 01 Jan 0000 00:00:00 GMT\"},\"user\":\"ada\"}");
        assertThat(zero).containsEntry("d", null).containsEntry("user", "ada");
        assertThat(loads("{\"d\":{\" d\":\"Fri, 31 Dec 9999 23:59:59 -0100\"}}")).containsEntry("d", null);
        assertThat(SessionJson.dumps(zero)).as("what was read can be written back").isEqualTo("{\"d\":null,\"user\":\"ada\"}");
        String edges = "{\"a\":{\" d\":\"Mon, 01 Jan 0001 00:00:00 GMT\"},\"b\":{\" d\":\"Fri, 31 Dec 9999 23:59:59 GMT\"}}";
        assertThat(SessionJson.dumps(loads(edges))).isEqualTo(edges);
    }

    @Test
    void anUnreadableDateLoadsAsNullAsWerkzeugDoes() throws BadCookie {
        assertThat(loads("{\"d\":{\" d\":\"yesterday\"}}")).containsEntry("d", null);
    }
}
