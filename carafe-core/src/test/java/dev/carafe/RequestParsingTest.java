package dev.carafe;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Query strings, url-encoded forms, cookies and their limits, read through the in-memory client. */
class RequestParsingTest {

    /** An app whose 400 and 413 answers are the plain description, so that tests can compare it exactly. */
    private static Carafe app(Config config) {
        Carafe app = Carafe.create("parsing", config);
        app.errorHandler(400, e -> Response.text(e.description()).status(400));
        app.errorHandler(413, e -> Response.text(e.description()).status(413));
        return app;
    }

    private static Carafe app() {
        return app(Config.defaults());
    }

    // ---- query ----------------------------------------------------------------------------------

    @Test
    void queryArgumentsKeepEveryValueInOrder() {
        Carafe app = app();
        app.get("/search", () -> request().args().asMap().toString());

        assertThat(app.testClient().get("/search?q=a+b&tag=x&tag=y%2Fz&flag&&empty=").text())
                .isEqualTo("{q=[a b], tag=[x, y/z], flag=[], empty=[]}");
    }

    @Test
    void queryValuesDecodeAsUtf8() {
        Carafe app = app();
        app.get("/search", () -> request().args().get("q", ""));

        assertThat(app.testClient().get("/search?q=caf%C3%A9%20%E2%98%83").text()).isEqualTo("café ☃");
    }

    @Test
    void malformedPercentEscapeInTheQueryIs400WhenRead() {
        Carafe app = app();
        app.get("/search", () -> request().args().get("q", ""));
        app.get("/ignore", () -> "not read");

        TestResponse r = app.testClient().get("/search?q=100%");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("The query string has a malformed percent-escape: \"%\" (a '%' must be followed by"
                + " two hex digits).");
        assertThat(app.testClient().get("/ignore?q=100%").text()).isEqualTo("not read");
    }

    @Test
    void nonAsciiHexDigitsAreNotAnEscape() {
        Carafe app = app();
        app.get("/search", () -> request().args().get("q", ""));

        // U+FF11 is FULLWIDTH DIGIT ONE, which Character.digit accepts
        assertThat(app.testClient().get("/search?q=%\uFF11\uFF11").status()).isEqualTo(400);
    }

    @Test
    void queryThatIsNotUtf8Is400() {
        Carafe app = app();
        app.get("/search", () -> request().args().get("q", ""));

        TestResponse r = app.testClient().get("/search?q=%FF%FE");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("The query string is not valid UTF-8 after percent-decoding.");
    }

    // ---- url-encoded forms ----------------------------------------------------------------------

    @Test
    void urlEncodedFormFieldsArrive() {
        Carafe app = app();
        app.post("/login", () -> request().form().asMap() + " " + request().values().all("next"));

        TestResponse r = app.testClient().send(TestRequest.post("/login?next=/home").form("user", "ada lovelace")
                .form("pw", "s3cr&t=").form("next", "/other"));
        assertThat(r.text()).isEqualTo("{user=[ada lovelace], pw=[s3cr&t=], next=[/other]} [/home, /other]");
    }

    @Test
    void rawNonAsciiBytesAndEscapesDecodeTheSame() {
        Carafe app = app();
        app.post("/f", () -> request().form().get("a", "") + "|" + request().form().get("b", ""));
        byte[] body = "a=caf\u00e9&b=caf%C3%A9".getBytes(StandardCharsets.UTF_8);

        assertThat(app.testClient().send(TestRequest.post("/f").body(body, "application/x-www-form-urlencoded")).text())
                .isEqualTo("café|café");
    }

    @Test
    void theFormsCharsetIsRespected() {
        Carafe app = app();
        app.post("/f", () -> request().form().get("a", ""));
        byte[] body = "a=caf%E9".getBytes(StandardCharsets.US_ASCII);

        assertThat(app.testClient().send(TestRequest.post("/f")
                .body(body, "application/x-www-form-urlencoded; charset=ISO-8859-1")).text()).isEqualTo("café");
    }

    @Test
    void formLargerThanMaxFormMemorySizeIs413() {
        Carafe app = app(Config.builder().set(Config.MAX_FORM_MEMORY_SIZE, 16L).build());
        app.post("/f", () -> request().form().asMap().toString());

        TestResponse r = app.testClient().send(TestRequest.post("/f").form("text", "seventeen bytes!"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).isEqualTo("The form is larger than the limit of 16 bytes (MAX_FORM_MEMORY_SIZE).");
    }

    @Test
    void formWithMoreFieldsThanMaxFormPartsIs413() {
        Carafe app = app(Config.builder().set(Config.MAX_FORM_PARTS, 2).build());
        app.post("/f", () -> request().form().asMap().toString());

        TestResponse r = app.testClient().send(TestRequest.post("/f").form("a", "1").form("b", "2").form("c", "3"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).isEqualTo("The form has more than 2 fields (MAX_FORM_PARTS).");
    }

    @Test
    void malformedEscapeInAFormIs400() {
        Carafe app = app();
        app.post("/f", () -> request().form().asMap().toString());

        TestResponse r = app.testClient().send(TestRequest.post("/f")
                .body("a=%G1".getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("The form body has a malformed percent-escape (a '%' must be followed by two hex"
                + " digits).");
    }

    @Test
    void aBodyOfAnotherTypeGivesAnEmptyForm() {
        Carafe app = app();
        app.post("/f", () -> request().form().isEmpty() + " " + request().text());

        assertThat(app.testClient().send(TestRequest.post("/f").body("a=1")).text()).isEqualTo("true a=1");
    }

    @Test
    void bodyLargerThanMaxContentLengthIs413() {
        Carafe app = app(Config.builder().set(Config.MAX_CONTENT_LENGTH, 4L).build());
        app.post("/f", () -> request().text());

        TestResponse r = app.testClient().send(TestRequest.post("/f").body("12345"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).isEqualTo("The request body is 5 bytes; the limit is 4 bytes (MAX_CONTENT_LENGTH).");
    }

    // ---- cookies --------------------------------------------------------------------------------

    @Test
    void cookiesAreParsedAndMalformedPairsSkipped() {
        Carafe app = app();
        app.get("/c", () -> request().cookies().toString());

        TestResponse r = app.testClient().send(TestRequest.get("/c")
                .header("Cookie", "a=1; b=\"quoted value\"; =nameless; novalue; c = 3 ;; a=second")
                .header("Cookie", "d=4"));
        assertThat(r.text()).isEqualTo("{a=1, b=quoted value, c=3, d=4}");
    }

    @Test
    void noCookieHeaderGivesNoCookies() {
        Carafe app = app();
        app.get("/c", () -> request().cookies().isEmpty());

        assertThat(app.testClient().get("/c").text()).isEqualTo("true");
    }
}
