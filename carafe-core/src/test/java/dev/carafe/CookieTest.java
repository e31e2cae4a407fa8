package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code Set-Cookie} headers as Werkzeug's {@code dump_cookie} writes them. */
class CookieTest {
    private static final Instant DEC_23_2026 = Instant.parse("2026-12-23T01:33:26Z");

    @Test
    void aPlainCookieHasPathRoot() {
        assertThat(Cookie.of("theme", "dark").toHeader()).isEqualTo("theme=dark; Path=/");
    }

    @Test
    void attributesFollowWerkzeugsOrder() {
        Cookie c = Cookie.builder("sid", "abc").partitioned(true).sameSite(Cookie.SameSite.LAX).path("/app")
                .httpOnly(true).secure(true).maxAge(Duration.ofHours(1)).expires(DEC_23_2026).domain("example.com")
                .build();

        assertThat(c.toHeader()).isEqualTo("sid=abc; Domain=example.com; Expires=Wed, 23 Dec 2026 01:33:26 GMT;"
                + " Max-Age=3600; Secure; HttpOnly; Path=/app; SameSite=Lax; Partitioned");
    }

    @Test
    void flasksSessionCookieShapesAreReproduced() {
        assertThat(Cookie.builder("session", "v").httpOnly(true).build().toHeader()).isEqualTo("session=v; HttpOnly; Path=/");
        assertThat(Cookie.builder("session", "v").httpOnly(true).expires(DEC_23_2026).build().toHeader())
                .isEqualTo("session=v; Expires=Wed, 23 Dec 2026 01:33:26 GMT; HttpOnly; Path=/");
        assertThat(Cookie.builder("sid", "v").domain("example.com").secure(true).path("/app")
                .sameSite(Cookie.SameSite.LAX).partitioned(true).build().toHeader())
                .isEqualTo("sid=v; Domain=example.com; Secure; Path=/app; SameSite=Lax; Partitioned");
    }

    @Test
    void aPartitionedCookieIsAlwaysSecure() {
        Cookie c = Cookie.builder("chip", "1").partitioned(true).build();

        assertThat(c.secure()).isTrue();
        assertThat(c.toHeader()).isEqualTo("chip=1; Secure; Path=/; Partitioned");
    }

    @Test
    void leadingDotsOfTheDomainAreDropped() {
        assertThat(Cookie.builder("a", "1").domain("..example.com").build().toHeader())
                .isEqualTo("a=1; Domain=example.com; Path=/");
    }

    @Test
    void maxAgeAloneAlsoWritesExpiresFromNow() {
        Instant before = Instant.now().plusSeconds(60).minusSeconds(1);
        String header = Cookie.builder("a", "1").maxAge(Duration.ofMinutes(1)).build().toHeader();
        Instant after = Instant.now().plusSeconds(60).plusSeconds(1);

        assertThat(header).matches("a=1; Expires=[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT;"
                + " Max-Age=60; Path=/");
        String date = header.substring(header.indexOf("Expires=") + 8, header.indexOf(" GMT") + 4);
        Instant expires = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US)).toInstant();
        assertThat(expires).isBetween(before, after);
    }

    @Test
    void aNegativeMaxAgeIsWrittenAsZero() {
        assertThat(Cookie.builder("a", "1").maxAge(Duration.ofSeconds(-5)).expires(Instant.EPOCH).build().toHeader())
                .isEqualTo("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
    }

    @Test
    void aNullPathLeavesPathOut() {
        assertThat(Cookie.builder("a", "1").path(null).build().toHeader()).isEqualTo("a=1");
    }

    @Test
    void namesAndValuesThatWouldBreakTheHeaderAreRefused() {
        assertThatThrownBy(() -> Cookie.of("a b", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cookie name must be a token, was \"a b\"");
        assertThatThrownBy(() -> Cookie.of("a", "x;y"))
                .hasMessage("cookie a value has a character cookies cannot carry (space, quote, comma, semicolon,"
                        + " backslash or non-ASCII); encode it first");
        assertThatThrownBy(() -> Cookie.builder("a", "1").path("/x;Secure").build())
                .hasMessage("cookie a domain and path must not contain ';' or control characters");
    }

    @Test
    void sameSiteParsesIgnoringCase() {
        assertThat(Cookie.SameSite.parse(" strict ")).isEqualTo(Cookie.SameSite.STRICT);
        assertThatThrownBy(() -> Cookie.SameSite.parse("Loose"))
                .hasMessage("SameSite must be Strict, Lax or None, was \"Loose\"");
    }

    @Test
    void cookiesSetByAResponseComeBackAndADeletionRemovesThem() {
        Carafe app = Carafe.create("cookies");
        app.get("/set", () -> Response.text("set").setCookie(Cookie.builder("theme", "dark").httpOnly(true).build()));
        app.get("/read", () -> Globals.request().cookies().getOrDefault("theme", "(none)"));
        app.get("/forget", () -> Response.text("gone").deleteCookie("theme"));
        TestClient client = app.testClient();

        TestResponse set = client.get("/set");
        assertThat(set.setCookies()).containsExactly("theme=dark; HttpOnly; Path=/");
        assertThat(client.get("/read").text()).isEqualTo("dark");

        TestResponse forget = client.get("/forget");
        assertThat(forget.setCookies()).containsExactly("theme=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
        assertThat(client.get("/read").text()).isEqualTo("(none)");
    }
}
