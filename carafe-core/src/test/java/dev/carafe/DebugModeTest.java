package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import dev.carafe.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

/** Debug mode: a 500 shows the stack trace, as HTML for browsers and as text otherwise; never outside it. */
class DebugModeTest {

    private static Carafe app(boolean debug) {
        Carafe app = Carafe.create("debug", Config.builder().set(Config.DEBUG, debug).build());
        app.get("/fail", () -> new Checkout().pay());
        return app;
    }

    /** Code whose frames should show in the trace. */
    static final class Checkout {
        Object pay() {
            throw new IllegalStateException("card <b>declined</b> & more");
        }
    }

    private static TestResponse get(Carafe app, String accept) {
        try (LogCapture logs = LogCapture.of("debug")) {
            return app.testClient().send(TestRequest.get("/fail").header("Accept", accept));
        }
    }

    @Test
    void aBrowserGetsTheTraceAsAnEscapedHtmlPage() {
        TestResponse response = get(app(true), "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.text())
                .contains("<h1>java.lang.IllegalStateException</h1>")
                .contains("<p>card &lt;b&gt;declined&lt;/b&gt; &amp; more</p>")
                .contains("<p>GET /fail</p>")
                .contains("dev.carafe.DebugModeTest$Checkout.pay(DebugModeTest.java:")
                .contains("Never enable debug mode in production.")
                .doesNotContain("<b>declined</b>");
    }

    @Test
    void otherClientsGetTheTraceAsText() {
        TestResponse response = get(app(true), "application/json");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(response.text())
                .startsWith("Internal Server Error (debug mode)\n\nGET /fail\n\n"
                        + "java.lang.IllegalStateException: card <b>declined</b> & more\n")
                .contains("\tat ").contains("dev.carafe.DebugModeTest$Checkout.pay(DebugModeTest.java:");
    }

    @Test
    void theDebugPageTakesPrecedenceOverA500HandlerAsFlasksDebuggerDoes() {
        Carafe app = app(true);
        app.errorHandler(500, e -> "custom 500");
        assertThat(get(app, "text/plain").text()).startsWith("Internal Server Error (debug mode)");
    }

    @Test
    void outsideDebugModeNoClientEverSeesATrace() {
        Carafe app = app(false);
        for (String accept : new String[] {"text/html", "text/plain", "application/json", "*/*"}) {
            TestResponse response = get(app, accept);
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text())
                    .doesNotContain("Exception")
                    .doesNotContain("at dev.")
                    .doesNotContain("declined")
                    .contains("The server encountered an internal error and was unable to complete your request.");
        }
    }

    @Test
    void debugModeDoesNotMakeErrorsPropagate() {
        assertThat(Config.builder().set(Config.DEBUG, true).build().propagateExceptions()).isFalse();
    }
}
