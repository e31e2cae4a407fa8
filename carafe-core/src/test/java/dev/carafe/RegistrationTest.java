package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Setup methods must be called before the app handles its first request (Flask's {@code _check_setup_finished}). */
class RegistrationTest {

    private static String tooLate(String method) {
        return "The setup method '" + method + "' can no longer be called on the application 'late'. It has already"
                + " handled its first request, so a change would not be applied consistently. Register all routes,"
                + " hooks and error handlers before the app serves requests.";
    }

    private static Carafe servedApp() {
        Carafe app = Carafe.create("late");
        app.get("/", () -> "ok");
        app.testClient().get("/");
        return app;
    }

    @Test
    void registeringARouteAfterTheFirstRequestFailsWithAClearMessage() {
        Carafe app = servedApp();
        assertThatThrownBy(() -> app.get("/new", () -> "new"))
                .isInstanceOf(CarafeException.class)
                .hasMessage(tooLate("route"));
        assertThat(app.testClient().get("/new").status()).isEqualTo(404);
    }

    @Test
    void everySetupMethodFailsAfterTheFirstRequest() {
        Carafe app = Carafe.create("late");
        Group group = app.group("g", "/g");
        app.get("/", () -> "ok");
        app.testClient().get("/");
        List<Object[]> calls = List.of(
                new Object[] {"route", (Consumer<Carafe>) a -> a.post("/p", () -> "x")},
                new Object[] {"route", (Consumer<Carafe>) a -> group.get("/x", () -> "x")},
                new Object[] {"beforeRequest", (Consumer<Carafe>) a -> a.beforeRequest(() -> { })},
                new Object[] {"beforeRequestGuard", (Consumer<Carafe>) a -> group.beforeRequestGuard(() -> null)},
                new Object[] {"afterRequest", (Consumer<Carafe>) a -> a.afterRequest(r -> r)},
                new Object[] {"teardownRequest", (Consumer<Carafe>) a -> group.teardownRequest(o -> { })},
                new Object[] {"teardownAppContext", (Consumer<Carafe>) a -> a.teardownAppContext(o -> { })},
                new Object[] {"errorHandler", (Consumer<Carafe>) a -> a.errorHandler(404, e -> "x")},
                new Object[] {"errorHandler", (Consumer<Carafe>) a -> group.errorHandler(RuntimeException.class, e -> "x")},
                new Object[] {"group", (Consumer<Carafe>) a -> a.group("h", "/h")},
                new Object[] {"sessionInterface", (Consumer<Carafe>) a -> a.sessionInterface(a.sessionInterface())});
        for (Object[] call : calls) {
            @SuppressWarnings("unchecked")
            Consumer<Carafe> setup = (Consumer<Carafe>) call[1];
            assertThatThrownBy(() -> setup.accept(app)).as((String) call[0])
                    .isInstanceOf(CarafeException.class)
                    .hasMessage(tooLate((String) call[0]));
        }
    }

    @Test
    void testRequestContextsAndAppContextsDoNotEndRegistration() {
        Carafe app = Carafe.create("late");
        app.appContext().run(() -> { });
        try (Context ctx = app.testRequestContext(TestRequest.get("/")).push()) {
            assertThat(ctx.hasRequest()).isTrue();
        }
        app.get("/", () -> "registered after contexts");
        assertThat(app.testClient().get("/").text()).isEqualTo("registered after contexts");
    }

    @Test
    void signalsCanStillBeConnectedAfterTheFirstRequest() {
        Carafe app = servedApp();
        StringBuilder seen = new StringBuilder();
        app.connect(Signal.REQUEST_STARTED, e -> seen.append("started"));
        app.testClient().get("/");
        assertThat(seen).hasToString("started");
    }

    @Test
    void aGroupNameMustBeNonBlankWithoutDots() {
        Carafe app = Carafe.create("late");
        assertThatThrownBy(() -> app.group("a.b", "/ab"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group name must be non-blank and contain no '.', was \"a.b\"");
        assertThatThrownBy(() -> app.group(" ", "/x"))
                .hasMessage("group name must be non-blank and contain no '.', was \" \"");
    }

    @Test
    void aGroupPrefixMustStartButNotEndWithASlash() {
        Carafe app = Carafe.create("late");
        assertThatThrownBy(() -> app.group("admin", "admin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group prefix must start with '/' and not end with '/', was \"admin\"");
        assertThatThrownBy(() -> app.group("admin", "/admin/"))
                .hasMessage("group prefix must start with '/' and not end with '/', was \"/admin/\"");
    }

    @Test
    void nestedGroupsComposeTheirNamesAndPrefixes() {
        Carafe app = Carafe.create("late");
        Group child = app.group("parent", "/parent").group("child", "/child");
        assertThat(child.name()).isEqualTo("parent.child");
        assertThat(child.urlPrefix()).isEqualTo("/parent/child");
        Route route = child.get("/leaf", "leaf", () -> "leaf");
        assertThat(route.endpoint()).isEqualTo("parent.child.leaf");
        assertThat(app.testClient().get("/parent/child/leaf").text()).isEqualTo("leaf");
    }

    @Test
    void anAppNeedsANonBlankName() {
        assertThatThrownBy(() -> Carafe.create(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app name must not be blank");
    }
}
