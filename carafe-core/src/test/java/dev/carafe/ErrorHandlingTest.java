package dev.carafe;

import static dev.carafe.Globals.abort;
import static dev.carafe.Globals.hasAppContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.carafe.testing.TestRequest;
import dev.carafe.testsupport.LogCapture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error handlers by type and by status, the 500 path, HTTP errors as responses, and testing mode. */
class ErrorHandlingTest {
    private final Carafe app = Carafe.create("errors", Config.builder().set(Config.TESTING, false).build());

    private static Carafe testingApp() {
        return Carafe.create("errors", Config.builder().set(Config.TESTING, true).build());
    }

    /** An exception type an app might declare. */
    static class PaymentException extends RuntimeException {
        PaymentException(String message) {
            super(message);
        }
    }

    static final class CardDeclined extends PaymentException {
        CardDeclined() {
            super("card declined");
        }
    }

    // ---- by type -----------------------------------------------------------------------------------

    @Test
    void theHandlerForTheMostSpecificTypeWins() {
        app.errorHandler(RuntimeException.class, e -> Response.text("runtime").status(500));
        app.errorHandler(PaymentException.class, e -> Response.text("payment: " + e.getMessage()).status(402));
        app.get("/declined", () -> {
            throw new CardDeclined();
        });
        app.get("/state", () -> {
            throw new IllegalStateException();
        });
        var client = app.testClient();
        var declined = client.get("/declined");
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.text()).isEqualTo("payment: card declined");
        assertThat(client.get("/state").text()).isEqualTo("runtime");
    }

    @Test
    void aGroupsHandlerIsTriedBeforeTheAppsForErrorsInItsRoutes() {
        Group shop = app.group("shop", "/shop");
        // Flask looks in the blueprint first, then the app: a broad group handler beats a specific app one.
        shop.errorHandler(RuntimeException.class, e -> "shop handled " + e.getClass().getSimpleName());
        app.errorHandler(CardDeclined.class, e -> "app handled " + e.getClass().getSimpleName());
        shop.get("/pay", () -> {
            throw new CardDeclined();
        });
        app.get("/pay", () -> {
            throw new CardDeclined();
        });
        var client = app.testClient();
        assertThat(client.get("/shop/pay").text()).isEqualTo("shop handled CardDeclined");
        assertThat(client.get("/pay").text()).isEqualTo("app handled CardDeclined");
    }

    @Test
    void aNestedGroupsHandlerIsTriedBeforeItsParentsAndTheAppsIsTheLastResort() {
        Group parent = app.group("parent", "/parent");
        Group child = parent.group("child", "/child");
        parent.errorHandler(IllegalStateException.class, e -> "parent");
        child.errorHandler(IllegalStateException.class, e -> "child");
        app.errorHandler(IllegalArgumentException.class, e -> "app");
        child.get("/state", () -> {
            throw new IllegalStateException();
        });
        child.get("/argument", () -> {
            throw new IllegalArgumentException();
        });
        parent.get("/state", () -> {
            throw new IllegalStateException();
        });
        var client = app.testClient();
        assertThat(client.get("/parent/child/state").text()).isEqualTo("child");
        assertThat(client.get("/parent/child/argument").text()).isEqualTo("app");
        assertThat(client.get("/parent/state").text()).isEqualTo("parent");
    }

    @Test
    void aGroupsHandlerDoesNotApplyToTheAppsRoutes() {
        Group shop = app.group("shop", "/shop");
        shop.errorHandler(IllegalStateException.class, e -> "shop");
        app.get("/", () -> {
            throw new IllegalStateException();
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            assertThat(app.testClient().get("/").status()).isEqualTo(500);
        }
    }

    // ---- by status, and HTTP errors ------------------------------------------------------------------

    @Test
    void anAbortIsAnsweredByTheHandlerForItsStatus() {
        app.errorHandler(403, e -> Response.text("no entry: " + e.description()).status(e.status()));
        app.get("/", () -> abort(403, "members only"));
        var response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).isEqualTo("no entry: members only");
    }

    @Test
    void aNotFoundIsAnsweredByTheAppsHandlerFor404() {
        app.errorHandler(404, e -> Response.text("nothing at " + Globals.request().path()).status(404));
        var response = app.testClient().get("/nowhere");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo("nothing at /nowhere");
    }

    @Test
    void aStatusHandlerWinsOverAClassHandlerForAnHttpError() {
        app.errorHandler(HttpError.class, e -> "any http error " + e.status());
        app.errorHandler(410, e -> "gone");
        app.get("/gone", () -> abort(410));
        app.get("/teapot", () -> abort(418));
        var client = app.testClient();
        assertThat(client.get("/gone").text()).isEqualTo("gone");
        assertThat(client.get("/teapot").text()).isEqualTo("any http error 418");
    }

    @Test
    void aGroupsStatusHandlerIsTriedBeforeTheApps() {
        Group api = app.group("api", "/api");
        api.errorHandler(409, e -> Response.json(java.util.Map.of("error", e.description())).status(409));
        app.errorHandler(409, e -> "html conflict");
        api.get("/thing", () -> abort(409, "exists"));
        app.get("/thing", () -> abort(409, "exists"));
        var client = app.testClient();
        assertThat(client.get("/api/thing").json().get("error").asText()).isEqualTo("exists");
        assertThat(client.get("/thing").text()).isEqualTo("html conflict");
    }

    @Test
    void anHttpErrorWithoutAHandlerBecomesItsDefaultPageAndTeardownSeesItAsHandled() {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownRequest(outcomes::add);
        List<Throwable> unhandled = new ArrayList<>();
        app.connect(Signal.GOT_REQUEST_EXCEPTION, e -> unhandled.add(e.error()));
        app.get("/", () -> abort(403));
        var response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(response.text()).isEqualTo("<!doctype html>\n<html lang=en>\n<title>403 Forbidden</title>\n"
                + "<h1>Forbidden</h1>\n<p>You don&#39;t have the permission to access the requested resource.</p>\n");
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Handled.class);
        assertThat(outcomes.getFirst().error()).isEmpty();
        assertThat(unhandled).isEmpty();
    }

    @Test
    void anHttpErrorKeepsItsHeaders() {
        app.get("/", () -> {
            throw HttpError.of(401).withHeader("WWW-Authenticate", "Basic realm=\"carafe\"");
        });
        var response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"carafe\"");
    }

    @Test
    void statusHandlersAreOnlyForErrorStatuses() {
        assertThatThrownBy(() -> app.errorHandler(302, e -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error handler status must be 400..599, was 302");
    }

    // ---- the 500 path ------------------------------------------------------------------------------

    @Test
    void anUnhandledErrorIsLoggedAndAnsweredByThe500HandlerWithTheErrorAsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Throwable> causes = new ArrayList<>();
        app.errorHandler(500, e -> {
            causes.add(e.getCause());
            return Response.text("sorry").status(500);
        });
        app.get("/", () -> {
            throw boom;
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            var response = app.testClient().get("/");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text()).isEqualTo("sorry");
            assertThat(logs.messages(Level.ERROR)).containsExactly("Exception on / [GET]");
            assertThat(logs.events().getFirst().getThrowableProxy().getMessage()).isEqualTo("boom");
        }
        assertThat(causes).containsExactly(boom);
    }

    @Test
    void withoutA500HandlerTheClientGetsAPlainPageWithoutTheTrace() {
        app.get("/", () -> {
            throw new IllegalStateException("secret detail in the message");
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            var response = app.testClient().send(TestRequest.get("/").header("Accept", "text/html"));
            var plain = app.testClient().get("/");
            for (var r : List.of(response, plain)) {
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.text()).contains("<h1>Internal Server Error</h1>")
                        .doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("secret detail");
            }
        }
    }

    @Test
    void aHandlerForExceptionAlsoCatchesTheServerErrorOfAnUnhandledOne() {
        // Flask looks the 500 up by code, then by class along the InternalServerError's MRO.
        List<Throwable> seen = new ArrayList<>();
        app.errorHandler(IOException.class, e -> "io");
        app.errorHandler(Exception.class, e -> {
            seen.add(e);
            return Response.text("generic").status(500);
        });
        app.get("/", () -> {
            throw new IOException("disk");
        });
        assertThat(app.testClient().get("/").text()).isEqualTo("io");
        assertThat(seen).isEmpty();
    }

    @Test
    void aFailingErrorHandlerTakesThe500Path() {
        List<Outcome> outcomes = new ArrayList<>();
        app.teardownRequest(outcomes::add);
        IllegalStateException handlerFailure = new IllegalStateException("the handler failed");
        app.errorHandler(IllegalArgumentException.class, e -> {
            throw handlerFailure;
        });
        app.errorHandler(500, e -> "500 because: " + e.getCause().getMessage());
        app.get("/", () -> {
            throw new IllegalArgumentException("first");
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            var response = app.testClient().get("/");
            assertThat(response.text()).isEqualTo("500 because: the handler failed");
        }
        assertThat(outcomes).containsExactly(new Outcome.Failed(handlerFailure));
    }

    @Test
    void aFailing500HandlerIsLoggedAndTheClientGetsThePlain500() {
        app.errorHandler(500, e -> {
            throw new IllegalStateException("500 handler failed");
        });
        app.get("/", () -> {
            throw new IllegalArgumentException("first");
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            var response = app.testClient().get("/");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text()).contains("<h1>Internal Server Error</h1>");
            assertThat(logs.messages(Level.ERROR)).containsExactly("Exception on / [GET]",
                    "The 500 error handler failed while handling an error");
        }
    }

    @Test
    void aHandlerThatReturnsNullIsAnUnhandledErrorNamingTheEndpoint() {
        Carafe testing = testingApp();
        testing.get("/", "index", () -> null);
        assertThatThrownBy(() -> testing.testClient().get("/"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("The handler for 'index' returned null, which is not a valid response. Return a String,"
                        + " bytes, a Response, an object to send as JSON, or Response.empty(204).");
    }

    @Test
    void anAfterRequestFunctionThatReturnsNullIsAnError() {
        Carafe testing = testingApp();
        testing.afterRequest(r -> null);
        testing.get("/", () -> "ok");
        assertThatThrownBy(() -> testing.testClient().get("/"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("an after-request function returned null; it must return the response it was given"
                        + " (after changing it) or a new one.");
    }

    // ---- testing mode --------------------------------------------------------------------------------

    @Test
    void inTestingModeAnUnhandledErrorPropagatesToTheCallerAfterTeardown() {
        Carafe testing = testingApp();
        List<Outcome> outcomes = new ArrayList<>();
        testing.teardownAppContext(outcomes::add);
        IllegalStateException boom = new IllegalStateException("boom");
        testing.errorHandler(500, e -> "never used while propagating");
        testing.get("/", () -> {
            throw boom;
        });
        assertThatThrownBy(() -> testing.testClient().get("/")).isSameAs(boom);
        assertThat(outcomes).containsExactly(new Outcome.Failed(boom));
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void inTestingModeACheckedErrorPropagatesWrappedWithItAsTheCause() {
        Carafe testing = testingApp();
        IOException disk = new IOException("disk");
        testing.get("/save", () -> {
            throw disk;
        });
        assertThatThrownBy(() -> testing.testClient().get("/save"))
                .isInstanceOf(CarafeException.class)
                .hasCause(disk)
                .hasMessage("Unhandled exception on GET /save: java.io.IOException: disk (the cause). Unhandled"
                        + " errors propagate to the caller in testing mode (TESTING or PROPAGATE_EXCEPTIONS); set"
                        + " PROPAGATE_EXCEPTIONS=false to get the 500 response instead.");
    }

    @Test
    void inTestingModeHandledErrorsAndHttpErrorsStillBecomeResponses() {
        Carafe testing = testingApp();
        testing.errorHandler(IllegalStateException.class, e -> "handled");
        testing.get("/handled", () -> {
            throw new IllegalStateException();
        });
        var client = testing.testClient();
        assertThat(client.get("/handled").text()).isEqualTo("handled");
        assertThat(client.get("/missing").status()).isEqualTo(404);
    }

    @Test
    void propagateExceptionsFalseGivesTheResponseEvenInTestingMode() {
        Carafe testing = Carafe.create("errors", Config.builder().set(Config.TESTING, true)
                .set(Config.PROPAGATE_EXCEPTIONS, false).build());
        testing.get("/", () -> {
            throw new IllegalStateException();
        });
        try (LogCapture logs = LogCapture.of("errors")) {
            assertThat(testing.testClient().get("/").status()).isEqualTo(500);
        }
    }

    @Test
    void propagateExceptionsTrueMakesErrorsPropagateOutsideTestingMode() {
        Carafe propagating = Carafe.create("errors", Config.builder().set(Config.PROPAGATE_EXCEPTIONS, true).build());
        IllegalStateException boom = new IllegalStateException();
        propagating.get("/", () -> {
            throw boom;
        });
        assertThatThrownBy(() -> propagating.testClient().get("/")).isSameAs(boom);
    }
}
