package dev.carafe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The router alone: what {@link Router#match} returns for each case, and its static fast path. */
class RouterTest {

    private static App app() {
        return (App) Carafe.create("router");
    }

    @Test
    void aStaticPathReturnsItsPrecomputedMatchEveryTime() {
        App app = app();
        app.get("/about", () -> "about");
        Router router = app.router();

        RouteMatch first = router.match("GET", "/about");
        assertThat(first).isInstanceOf(RouteMatch.Found.class);
        assertThat(router.match("GET", "/about")).isSameAs(first);
        assertThat(router.match("HEAD", "/about")).as("HEAD uses GET's route").isSameAs(first);
    }

    @Test
    void eachOutcomeIsItsOwnCase() {
        App app = app();
        app.get("/items/<int:id>", "item", () -> "item");
        app.get("/dir/", "dir", () -> "dir");
        Router router = app.router();

        assertThat(router.match("GET", "/items/3")).isInstanceOfSatisfying(RouteMatch.Found.class,
                f -> assertThat(f.params()).isEqualTo(Map.of("id", 3)));
        assertThat(router.match("POST", "/items/3"))
                .isEqualTo(new RouteMatch.MethodNotAllowed(Set.of("GET", "HEAD", "OPTIONS")));
        assertThat(router.match("OPTIONS", "/items/3")).isEqualTo(new RouteMatch.Options(Set.of("GET", "HEAD", "OPTIONS")));
        assertThat(router.match("GET", "/dir")).isEqualTo(new RouteMatch.Redirect("/dir/"));
        assertThat(router.match("GET", "/items/x")).isInstanceOf(RouteMatch.NotFound.class);
        assertThat(router.match("GET", "")).isInstanceOf(RouteMatch.NotFound.class);
        assertThat(router.match("GET", "*")).isInstanceOf(RouteMatch.NotFound.class);
    }

    @Test
    void allowedMethodsAreSortedForTheAllowHeader() {
        App app = app();
        app.route(Set.of("PUT", "DELETE", "GET", "PATCH"), "/r", "r", () -> "r");

        RouteMatch m = app.router().match("POST", "/r");
        assertThat(m).isInstanceOfSatisfying(RouteMatch.MethodNotAllowed.class,
                n -> assertThat(n.allowed()).containsExactly("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "PUT"));
    }

    @Test
    void ruleShapesIgnoreParameterNames() {
        assertThat(Rule.parse("/u/<int:id>/posts/<slug>").shape()).isEqualTo("/u/<int>/posts/<string>");
        assertThat(Rule.parse("/page-<int:n>.html").shape()).isEqualTo("/page-<int>.html");
        assertThat(Rule.parse("/files/<path:p>/raw").shape()).isEqualTo("/files/<path>/raw");
        assertThat(Rule.parse("/").shape()).isEqualTo("/");
        assertThat(Rule.parse("/a/").parts()).containsExactly(new RulePart.Static("a"), new RulePart.Static(""));
    }
}
