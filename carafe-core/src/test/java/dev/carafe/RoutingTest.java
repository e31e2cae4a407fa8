package dev.carafe;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing through the in-memory client: converters, priorities, methods, slashes, groups, bad rules. */
class RoutingTest {

    private static Carafe app() {
        return Carafe.create("routing");
    }

    // ---- converters -----------------------------------------------------------------------------

    @Test
    void typedParametersArriveConverted() {
        Carafe app = app();
        app.get("/user/<int:id>", () -> "user " + request().pathParam("id", Integer.class));
        app.get("/price/<float:amount>", () -> "price " + request().pathParam("amount", Double.class));
        app.get("/item/<uuid:key>", () -> "item " + request().pathParam("key", UUID.class));
        app.get("/hello/<name>", () -> "hello " + request().pathParam("name", String.class));
        app.get("/files/<path:file>", () -> "file " + request().pathParam("file"));
        TestClient client = app.testClient();

        assertThat(client.get("/user/42").text()).isEqualTo("user 42");
        assertThat(client.get("/price/9.50").text()).isEqualTo("price 9.5");
        assertThat(client.get("/item/6F9619FF-8B86-D011-B42D-00CF4FC964FF").text())
                .isEqualTo("item 6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        assertThat(client.get("/hello/ada").text()).isEqualTo("hello ada");
        assertThat(client.get("/files/docs/2024/report.pdf").text()).isEqualTo("file docs/2024/report.pdf");
    }

    @Test
    void intMatchesUnsignedDigitsThatFitAnInteger() {
        Carafe app = app();
        app.get("/user/<int:id>", () -> "user " + request().pathParam("id", Integer.class));
        TestClient client = app.testClient();

        assertThat(client.get("/user/007").text()).isEqualTo("user 7");
        assertThat(client.get("/user/2147483647").text()).isEqualTo("user 2147483647");
        assertThat(client.get("/user/2147483648").status()).isEqualTo(404);
        assertThat(client.get("/user/-1").status()).isEqualTo(404);
        assertThat(client.get("/user/+1").status()).isEqualTo(404);
        assertThat(client.get("/user/1.5").status()).isEqualTo(404);
        assertThat(client.get("/user/%D9%A3").status()).as("an Arabic-Indic digit is not a digit here").isEqualTo(404);
    }

    @Test
    void floatNeedsDigitsOnBothSidesOfTheDot() {
        Carafe app = app();
        app.get("/price/<float:amount>", () -> "price " + request().pathParam("amount", Double.class));
        TestClient client = app.testClient();

        assertThat(client.get("/price/0.25").text()).isEqualTo("price 0.25");
        assertThat(client.get("/price/1").status()).isEqualTo(404);
        assertThat(client.get("/price/.5").status()).isEqualTo(404);
        assertThat(client.get("/price/1e5").status()).isEqualTo(404);
        assertThat(client.get("/price/-1.0").status()).isEqualTo(404);
    }

    @Test
    void stringParameterNeverMatchesASlashOrNothing() {
        Carafe app = app();
        app.get("/hello/<name>", () -> "hello " + request().pathParam("name"));
        TestClient client = app.testClient();

        assertThat(client.get("/hello/a/b").status()).isEqualTo(404);
        assertThat(client.get("/hello/").status()).isEqualTo(404);
        assertThat(client.get("/hello/a%20b").text()).isEqualTo("hello a b");
    }

    @Test
    void partsMayMixTextAndParameters() {
        Carafe app = app();
        app.get("/page-<int:n>.html", () -> "page " + request().pathParam("n", Integer.class));
        app.get("/<name>.json", () -> "json " + request().pathParam("name"));
        TestClient client = app.testClient();

        assertThat(client.get("/page-3.html").text()).isEqualTo("page 3");
        assertThat(client.get("/page-x.html").status()).isEqualTo(404);
        assertThat(client.get("/report.json").text()).isEqualTo("json report");
    }

    @Test
    void aPathParameterMayBeFollowedByMoreRule() {
        Carafe app = app();
        app.get("/wiki/<path:page>/edit", () -> "edit " + request().pathParam("page"));
        app.get("/wiki/<path:page>", () -> "show " + request().pathParam("page"));
        TestClient client = app.testClient();

        assertThat(client.get("/wiki/lang/java/edit").text()).isEqualTo("edit lang/java");
        assertThat(client.get("/wiki/lang/java").text()).isEqualTo("show lang/java");
    }

    @Test
    void pathParametersAreListedInRuleOrder() {
        Carafe app = app();
        app.get("/<int:year>/<int:month>/<slug>", () -> request().pathParams().toString());

        assertThat(app.testClient().get("/2024/5/hello").text()).isEqualTo("{year=2024, month=5, slug=hello}");
    }

    // ---- priorities -----------------------------------------------------------------------------

    @Test
    void staticRuleWinsOverParametricOneWhateverTheOrder() {
        Carafe app = app();
        app.get("/user/<name>", () -> "profile of " + request().pathParam("name"));
        app.get("/user/new", () -> "sign-up form");
        TestClient client = app.testClient();

        assertThat(client.get("/user/new").text()).isEqualTo("sign-up form");
        assertThat(client.get("/user/ada").text()).isEqualTo("profile of ada");
    }

    @Test
    void intIsTriedBeforeStringAndPathLast() {
        Carafe app = app();
        app.get("/x/<path:rest>", () -> "path");
        app.get("/x/<word>", () -> "string");
        app.get("/x/<int:n>", () -> "int");
        TestClient client = app.testClient();

        assertThat(client.get("/x/5").text()).isEqualTo("int");
        assertThat(client.get("/x/five").text()).isEqualTo("string");
        assertThat(client.get("/x/five/six").text()).isEqualTo("path");
    }

    @Test
    void aStaticRuleForAnotherMethodFallsThroughToAParametricRule() {
        Carafe app = app();
        app.post("/user/new", () -> "created");
        app.get("/user/<name>", () -> "profile of " + request().pathParam("name"));
        TestClient client = app.testClient();

        assertThat(client.get("/user/new").text()).isEqualTo("profile of new");
        assertThat(client.post("/user/new").text()).isEqualTo("created");
    }

    @Test
    void matchingBacktracksOutOfADeadEndBranch() {
        Carafe app = app();
        app.get("/a/<x>/c", () -> "x=" + request().pathParam("x"));
        app.get("/a/b/d", () -> "static");
        TestClient client = app.testClient();

        assertThat(client.get("/a/b/c").text()).isEqualTo("x=b");
        assertThat(client.get("/a/b/d").text()).isEqualTo("static");
    }

    @Test
    void twoHundredRoutesEachReachTheirOwnHandler() {
        Carafe app = app();
        for (int i = 0; i < 100; i++) {
            int n = i;
            app.get("/static/" + i + "/page", () -> "static " + n);
            app.get("/dyn" + i + "/<int:id>/<name>", () -> "dyn " + n + " " + request().pathParams());
        }
        TestClient client = app.testClient();

        for (int i = 0; i < 100; i += 7) {
            assertThat(client.get("/static/" + i + "/page").text()).isEqualTo("static " + i);
            assertThat(client.get("/dyn" + i + "/3/z").text()).isEqualTo("dyn " + i + " {id=3, name=z}");
        }
        assertThat(app.routes()).hasSize(200);
    }

    // ---- methods --------------------------------------------------------------------------------

    @Test
    void wrongMethodIs405WithAllowListingEveryMethodOfTheUrl() {
        Carafe app = app();
        app.get("/items", () -> "list");
        app.post("/items", "create_item", () -> "created");
        TestResponse r = app.testClient().send(TestRequest.of("DELETE", "/items"));

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).contains("GET, HEAD, OPTIONS, POST");
        assertThat(r.text()).contains("<title>405 Method Not Allowed</title>")
                .contains("The method is not allowed for the requested URL.");
    }

    @Test
    void headAnswersLikeGetWithoutABody() {
        Carafe app = app();
        app.get("/hello", () -> "Hello, World!");
        TestClient client = app.testClient();

        TestResponse get = client.get("/hello");
        TestResponse head = client.send(TestRequest.of("HEAD", "/hello"));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.bytes()).isEmpty();
        assertThat(head.header("Content-Length")).contains("13").isEqualTo(get.header("Content-Length"));
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    }

    @Test
    void anExplicitHeadRouteWinsOverTheAutomaticOne() {
        Carafe app = app();
        app.get("/doc", () -> "body");
        app.route(Set.of("HEAD"), "/doc", "/doc", () -> Response.empty(204));

        assertThat(app.testClient().send(TestRequest.of("HEAD", "/doc")).status()).isEqualTo(204);
    }

    @Test
    void optionsIsAnsweredWithTheAllowedMethods() {
        Carafe app = app();
        app.get("/items", () -> "list");
        app.post("/items", "create_item", () -> "created");
        app.route(Set.of("PUT"), "/items/<int:id>", "put_item", () -> "put");
        TestClient client = app.testClient();

        TestResponse r = client.send(TestRequest.of("OPTIONS", "/items"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Allow")).contains("GET, HEAD, OPTIONS, POST");
        assertThat(r.bytes()).isEmpty();
        assertThat(client.send(TestRequest.of("OPTIONS", "/items/3")).header("Allow")).contains("OPTIONS, PUT");
        assertThat(client.send(TestRequest.of("OPTIONS", "/nothing")).status()).isEqualTo(404);
    }

    @Test
    void anExplicitOptionsRouteAnswersItself() {
        Carafe app = app();
        app.get("/cors", () -> "data");
        app.route(Set.of("OPTIONS"), "/cors", "/cors", () -> Response.empty(204).header("Access-Control-Allow-Origin", "*"));

        TestResponse r = app.testClient().send(TestRequest.of("OPTIONS", "/cors"));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void methodsAreCaseInsensitiveAtRegistration() {
        Carafe app = app();
        Route route = app.route(Set.of("post"), "/in", "in", () -> "ok");

        assertThat(route.methods()).containsExactlyInAnyOrder("POST", "OPTIONS");
        assertThat(app.testClient().post("/in").text()).isEqualTo("ok");
    }

    @Test
    void routeDescribesItsAutomaticMethods() {
        Carafe app = app();
        Route route = app.get("/r", () -> "r");

        assertThat(route.methods()).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        assertThat(route.endpoint()).isEqualTo("/r");
    }

    // ---- slashes ---------------------------------------------------------------------------------

    @Test
    void ruleWithTrailingSlashRedirectsTheUrlWithoutIt() {
        Carafe app = app();
        app.get("/docs/", () -> "docs");
        app.get("/user/<name>/", () -> "user");
        TestClient client = app.testClient();

        TestResponse r = client.get("/docs");
        assertThat(r.status()).isEqualTo(308);
        assertThat(r.header("Location")).contains("/docs/");
        assertThat(client.get("/docs?page=2&q=a%20b").header("Location")).contains("/docs/?page=2&q=a%20b");
        assertThat(client.get("/user/ada").header("Location")).contains("/user/ada/");
        assertThat(client.get("/docs/").text()).isEqualTo("docs");
    }

    @Test
    void ruleWithoutTrailingSlashDoesNotMatchTheUrlWithIt() {
        Carafe app = app();
        app.get("/about", () -> "about");

        assertThat(app.testClient().get("/about/").status()).isEqualTo(404);
    }

    @Test
    void slashRedirectKeepsTheMountPointAndEncoding() {
        Carafe app = Carafe.create("mounted", Config.builder().set(Config.APPLICATION_ROOT, "/app").build());
        app.get("/café/", () -> "menu");

        assertThat(app.testClient().get("/caf%C3%A9").header("Location")).contains("/app/caf%C3%A9/");
    }

    @Test
    void slashRedirectIsOnlyForAMethodTheRuleAnswers() {
        Carafe app = app();
        app.post("/form/", () -> "posted");

        assertThat(app.testClient().get("/form").status()).isEqualTo(404);
        assertThat(app.testClient().post("/form").status()).isEqualTo(308);
    }

    @Test
    void rootRuleMatchesOnlyTheRoot() {
        Carafe app = app();
        app.get("/", () -> "index");
        TestClient client = app.testClient();

        assertThat(client.get("/").text()).isEqualTo("index");
        assertThat(client.get("/x").status()).isEqualTo(404);
    }

    // ---- groups ---------------------------------------------------------------------------------

    @Test
    void groupRoutesLiveUnderTheirPrefixWithDottedEndpoints() {
        Carafe app = app();
        Group admin = app.group("admin", "/admin");
        admin.get("/users/<int:id>", "user", () -> request().endpoint().orElseThrow() + " " + request().groups()
                + " " + request().pathParam("id", Integer.class));
        Group reports = admin.group("reports", "/reports");
        reports.get("/", "index", () -> request().endpoint().orElseThrow() + " " + request().groups());
        TestClient client = app.testClient();

        assertThat(client.get("/admin/users/7").text()).isEqualTo("admin.user [admin] 7");
        assertThat(client.get("/admin/reports/").text()).isEqualTo("admin.reports.index [admin.reports, admin]");
        assertThat(client.get("/admin/reports").status()).isEqualTo(308);
        assertThat(client.get("/users/7").status()).isEqualTo(404);
    }

    // ---- malformed paths ------------------------------------------------------------------------

    @Test
    void malformedPercentEscapeInThePathIs400() {
        Carafe app = app();
        app.get("/<name>", () -> "x");
        app.errorHandler(400, e -> Response.text(e.description()).status(400));
        TestResponse r = app.testClient().get("/a%zzb");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("The path has a malformed percent-escape: \"%zz\" (a '%' must be followed by two"
                + " hex digits).");
    }

    @Test
    void pathThatIsNotUtf8Is400() {
        Carafe app = app();
        app.get("/<name>", () -> "x");
        TestResponse r = app.testClient().get("/%C3%28");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<p>The path is not valid UTF-8 after percent-decoding.</p>");
    }

    // ---- registration errors --------------------------------------------------------------------

    @Test
    void unknownConverterFailsAtRegistration() {
        assertThatThrownBy(() -> app().get("/x/<date:d>", () -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule /x/<date:d> uses the unknown converter 'date'; the converters are string, int, float,"
                        + " path and uuid");
    }

    @Test
    void repeatedParameterNameFailsAtRegistration() {
        assertThatThrownBy(() -> app().get("/<a>/<int:a>", () -> "x"))
                .hasMessage("rule /<a>/<int:a> uses the parameter name 'a' twice; give each parameter its own name");
    }

    @Test
    void unbalancedAngleBracketsFailAtRegistration() {
        assertThatThrownBy(() -> app().get("/user/<id", () -> "x"))
                .hasMessage("rule /user/<id has a '<' at position 6 that is not closed by '>'");
        assertThatThrownBy(() -> app().get("/user/id>", () -> "x"))
                .hasMessage("rule /user/id> has a '>' at position 8 without a '<' before it");
        assertThatThrownBy(() -> app().get("/<a<b>>", () -> "x"))
                .hasMessage("rule /<a<b>> has a '<' at position 1 that is not closed by '>'");
    }

    @Test
    void converterArgumentsAndBadNamesFailAtRegistration() {
        assertThatThrownBy(() -> app().get("/p/<int(min=1):n>", () -> "x"))
                .hasMessage("rule /p/<int(min=1):n> passes arguments to converter 'int(min=1)', which Carafe does not"
                        + " support; use <int:n> and check the value in the handler");
        assertThatThrownBy(() -> app().get("/p/<int:>", () -> "x"))
                .hasMessage("rule /p/<int:> has the parameter name ''; a name is a letter or '_' followed by letters,"
                        + " digits or '_'");
        assertThatThrownBy(() -> app().get("/p/<int:1st>", () -> "x"))
                .hasMessageStartingWith("rule /p/<int:1st> has the parameter name '1st'");
    }

    @Test
    void anEndpointNamesOneRule() {
        Carafe app = app();
        app.get("/user/<int:id>", "user", () -> "x");
        app.route(Set.of("DELETE"), "/user/<int:id>", "user", () -> "deleted");

        assertThatThrownBy(() -> app.get("/profile/<int:id>", "user", () -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint 'user' already names rule /user/<int:id>; give rule /profile/<int:id> another"
                        + " endpoint name");
        assertThat(app.testClient().send(TestRequest.of("DELETE", "/user/1")).text()).isEqualTo("deleted");
    }

    @Test
    void theSameRuleAndMethodTwiceFailsAtRegistration() {
        Carafe app = app();
        app.get("/items", "items", () -> "x");

        assertThatThrownBy(() -> app.get("/items", "other_items", () -> "y"))
                .hasMessage("rule /items already has a GET route (endpoint 'items'); register each method of a URL once");
    }

    @Test
    void rulesMatchingTheSameUrlsCountAsTheSameRule() {
        Carafe app = app();
        app.get("/u/<int:a>", "by_a", () -> "x");

        assertThatThrownBy(() -> app.get("/u/<int:b>", "by_b", () -> "y"))
                .hasMessage("rule /u/<int:b> matches the same URLs as /u/<int:a>, which already has a GET route"
                        + " (endpoint 'by_a'); register each method of a URL once");
    }

    @Test
    void routesAreListedSortedByRule() {
        Carafe app = app();
        app.get("/b", () -> "b");
        app.get("/a/<int:id>", "a", () -> "a");
        app.post("/a/<int:id>", "a", () -> "a");

        assertThat(app.routes()).extracting(Route::rule).containsExactly("/a/<int:id>", "/a/<int:id>", "/b");
    }
}
