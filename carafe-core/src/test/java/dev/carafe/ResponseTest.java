package dev.carafe;

import static dev.carafe.Globals.abort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Response factories and what the client receives from each. */
class ResponseTest {

    /** Public so that Jackson may read it: the test runs inside the module, which does not open its packages. */
    public record Point(int x, int y) {}

    private static TestResponse serve(Handler handler) {
        Carafe app = Carafe.create("responses");
        app.get("/", handler);
        return app.testClient().get("/");
    }

    @Test
    void textHtmlJsonAndBytesCarryTheirContentTypes() {
        TestResponse text = serve(() -> Response.text("plain é"));
        TestResponse html = serve(() -> Response.html("<b>bold</b>"));
        TestResponse json = serve(() -> Response.json(Map.of("ok", true)));
        TestResponse bytes = serve(() -> Response.bytes(new byte[] {1, 2, 3}, "image/x-test"));

        assertThat(text.header("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(text.bytes()).isEqualTo("plain é".getBytes(StandardCharsets.UTF_8));
        assertThat(text.header("Content-Length")).contains("8");
        assertThat(html.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(html.text()).isEqualTo("<b>bold</b>");
        assertThat(json.header("Content-Type")).contains("application/json");
        assertThat(json.text()).isEqualTo("{\"ok\":true}");
        assertThat(bytes.header("Content-Type")).contains("image/x-test");
        assertThat(bytes.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void handlerReturnValuesBecomeResponsesAsInFlask() {
        TestResponse string = serve(() -> "<p>hi</p>");
        TestResponse record = serve(() -> new Point(1, 2));
        TestResponse raw = serve(() -> new byte[] {9});

        assertThat(string.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(record.json(Point.class)).isEqualTo(new Point(1, 2));
        assertThat(record.header("Content-Type")).contains("application/json");
        assertThat(raw.header("Content-Type")).contains("application/octet-stream");
    }

    @Test
    void bytesAreCopiedWhenTheResponseIsMade() {
        byte[] source = {1, 2};
        Response r = Response.bytes(source, "application/octet-stream");
        source[0] = 7;

        assertThat(((Body.Bytes) r.body()).bytes()).containsExactly(1, 2);
    }

    @Test
    void aRedirectHasWerkzeugsBodyAndLocation() {
        TestResponse r = serve(() -> Response.redirect("/login?next=/a&b=1"));

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).contains("/login?next=/a&b=1");
        assertThat(r.text()).isEqualTo("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n"
                + "<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL:"
                + " <a href=\"/login?next=/a&amp;b=1\">/login?next=/a&amp;b=1</a>. If not, click the link.\n");
        assertThat(serve(() -> Response.redirect("/moved", 301)).status()).isEqualTo(301);
    }

    @Test
    void aRedirectEncodesWhatAUriCannotCarry() {
        TestResponse r = serve(() -> Response.redirect("/café menu?q=\"x\"&done=100%25"));

        assertThat(r.header("Location")).contains("/caf%C3%A9%20menu?q=%22x%22&done=100%25");
    }

    @Test
    void aRedirectNeedsA3xxStatus() {
        assertThatThrownBy(() -> Response.redirect("/x", 200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redirect status must be 3xx, was 200");
    }

    @Test
    void anEmptyResponseHasNoBodyAndNoContentType() {
        TestResponse r = serve(() -> Response.empty(204));

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.bytes()).isEmpty();
        assertThat(r.header("Content-Type")).isEmpty();
    }

    @Test
    void aStreamIsWrittenAfterTheHeaders() {
        TestResponse r = serve(() -> Response.stream("text/plain", out -> {
            for (int i = 0; i < 3; i++) {
                out.write(("chunk " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }));

        assertThat(r.text()).isEqualTo("chunk 0\nchunk 1\nchunk 2\n");
        assertThat(r.header("Content-Length")).isEmpty();
        assertThat(Response.stream("text/plain", out -> { }).text()).isEmpty();
    }

    @Test
    void statusAndHeadersCanBeChanged() {
        TestResponse r = serve(() -> {
            Response resp = Response.text("created").status(201).header("X-Id", "1").header("X-Id", "2");
            resp.headers().add("Link", "</a>");
            resp.headers().add("Link", "</b>");
            return resp;
        });

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers().all("X-Id")).containsExactly("2");
        assertThat(r.headers().all("Link")).containsExactly("</a>", "</b>");
    }

    @Test
    void aStatusOutsideTheHttpRangeIsRefused() {
        assertThatThrownBy(() -> Response.text("x").status(600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status must be 100..599, was 600");
    }

    @Test
    void abortGivesWerkzeugsErrorPage() {
        Carafe app = Carafe.create("errors");
        app.get("/secret", () -> {
            throw abort(403);
        });
        TestClient client = app.testClient();

        TestResponse forbidden = client.get("/secret");
        TestResponse missing = client.send(TestRequest.get("/nowhere"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(missing.text()).isEqualTo("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
                + "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL"
                + " manually please check your spelling and try again.</p>\n");
    }
}
