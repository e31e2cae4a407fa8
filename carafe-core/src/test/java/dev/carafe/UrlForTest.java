package dev.carafe;

import static dev.carafe.Globals.request;
import static dev.carafe.Globals.urlFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** URL building from endpoint names: Flask's {@code url_for}. */
class UrlForTest {

    private static Carafe shop() {
        Carafe app = Carafe.create("shop");
        app.get("/", "index", () -> "index");
        app.get("/user/<int:id>", "user", () -> "user");
        app.get("/hello/<name>", "hello", () -> "hello");
        app.get("/files/<path:file>", "file", () -> "file");
        app.get("/price/<float:amount>", "price", () -> "price");
        app.get("/item/<uuid:key>", "item", () -> "item");
        app.get("/page-<int:n>.html", "page", () -> "page");
        app.get("/café/menu", "menu", () -> "menu");
        return app;
    }

    private static String build(Carafe app, String endpoint, Object... keysAndValues) throws Exception {
        return app.appContext().call(() -> urlFor(endpoint, keysAndValues));
    }

    @Test
    void fillsPathParametersThroughTheirConverters() throws Exception {
        Carafe app = shop();

        assertThat(build(app, "index")).isEqualTo("/");
        assertThat(build(app, "user", "id", 7)).isEqualTo("/user/7");
        assertThat(build(app, "user", "id", 7L)).isEqualTo("/user/7");
        assertThat(build(app, "user", "id", "42")).isEqualTo("/user/42");
        assertThat(build(app, "price", "amount", 1.5)).isEqualTo("/price/1.5");
        assertThat(build(app, "price", "amount", 2)).isEqualTo("/price/2.0");
        assertThat(build(app, "price", "amount", 1e20)).isEqualTo("/price/100000000000000000000.0");
        assertThat(build(app, "price", "amount", new BigDecimal("0.10"))).isEqualTo("/price/0.10");
        assertThat(build(app, "item", "key", UUID.fromString("6f9619ff-8b86-d011-b42d-00cf4fc964ff")))
                .isEqualTo("/item/6f9619ff-8b86-d011-b42d-00cf4fc964ff");
        assertThat(build(app, "page", "n", 3)).isEqualTo("/page-3.html");
    }

    @Test
    void percentEncodesWhatAPathSegmentCannotCarry() throws Exception {
        Carafe app = shop();

        assertThat(build(app, "hello", "name", "a b?#%")).isEqualTo("/hello/a%20b%3F%23%25");
        assertThat(build(app, "hello", "name", "José")).isEqualTo("/hello/Jos%C3%A9");
        assertThat(build(app, "hello", "name", "a+b=c;d@e")).isEqualTo("/hello/a+b=c;d@e");
        assertThat(build(app, "file", "file", "docs/a b.txt")).isEqualTo("/files/docs/a%20b.txt");
        assertThat(build(app, "menu")).isEqualTo("/caf%C3%A9/menu");
    }

    @Test
    void builtUrlsRouteBackToTheSameValues() {
        Carafe app = Carafe.create("roundtrip");
        app.get("/r/<int:n>/<float:f>/<uuid:u>/<s>/<path:p>", "r", () -> request().pathParams().toString());
        UUID u = UUID.randomUUID();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n", 12);
        params.put("f", 0.5);
        params.put("u", u);
        params.put("s", "a b/c".replace("/", "%"));
        params.put("p", "x/ü/z?");
        String url = app.urlFor("r", params);

        assertThat(app.testClient().get(url).text()).isEqualTo(params.toString());
    }

    @Test
    void otherParametersBecomeTheQueryStringInOrder() throws Exception {
        Carafe app = shop();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", 7);
        params.put("tab", "posts & replies");
        params.put("tag", List.of("a", "b/c"));
        params.put("skipped", null);

        assertThat(app.urlFor("user", params)).isEqualTo("/user/7?tab=posts+%26+replies&tag=a&tag=b/c");
        assertThat(build(app, "index", "q", "ü", "_anchor", "top part")).isEqualTo("/?q=%C3%BC#top%20part");
    }

    @Test
    void aMissingPathParameterNamesTheEndpointAndTheParameter() {
        Carafe app = shop();

        assertThatThrownBy(() -> build(app, "user"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("Could not build a URL for endpoint 'user' (rule /user/<int:id>): the path parameter 'id' is"
                        + " missing. Pass it, e.g. urlFor(\"user\", \"id\", value).");
        assertThatThrownBy(() -> build(app, "user", "id", null))
                .hasMessageContaining("the path parameter 'id' is missing");
    }

    @Test
    void aValueThatDoesNotFitItsConverterIsRefused() {
        Carafe app = shop();

        assertThatThrownBy(() -> build(app, "user", "id", -1))
                .hasMessage("Could not build a URL for endpoint 'user' (rule /user/<int:id>): the path parameter 'id'"
                        + " must be a whole number from 0 to 2147483647 for an <int> parameter, was -1 (Integer).");
        assertThatThrownBy(() -> build(app, "hello", "name", "a/b"))
                .hasMessage("Could not build a URL for endpoint 'hello' (rule /hello/<name>): the path parameter 'name'"
                        + " contains '/', which a <string> parameter cannot match (was \"a/b\"); declare it as"
                        + " <path:...> to allow slashes.");
        assertThatThrownBy(() -> build(app, "item", "key", "nope"))
                .hasMessageContaining("must be a java.util.UUID or its 36-character text for a <uuid> parameter, was \"nope\"");
        assertThatThrownBy(() -> build(app, "price", "amount", Double.NaN))
                .hasMessageContaining("must be a finite number of at least 0 for a <float> parameter, was NaN (Double)");
    }

    @Test
    void anUnknownEndpointSuggestsCloseNames() {
        Carafe app = shop();
        app.group("admin", "/admin").get("/users", "users", () -> "users");

        assertThatThrownBy(() -> build(app, "usr"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("Could not build a URL for endpoint 'usr': no route has that endpoint name. Did you mean 'user'?");
        assertThatThrownBy(() -> build(app, "users"))
                .hasMessage("Could not build a URL for endpoint 'users': no route has that endpoint name. Did you mean"
                        + " 'admin.users', 'user'?");
    }

    @Test
    void anUnknownEndpointExplainsHowEndpointsAreNamed() throws Exception {
        Carafe app = Carafe.create("plain");
        app.get("/user/<int:id>", () -> "x");

        assertThatThrownBy(() -> build(app, "profile"))
                .hasMessage("Could not build a URL for endpoint 'profile': no route has that endpoint name. A route's"
                        + " endpoint is its rule unless you name it, as in app.get(\"/user/<int:id>\", \"user\", handler);"
                        + " routes of a group are named \"group.endpoint\"; \".endpoint\" means the current group's.");
        assertThat(build(app, "/user/<int:id>", "id", 3)).isEqualTo("/user/3");
    }

    @Test
    void outsideARequestUrlsStartAtTheApplicationRoot() throws Exception {
        Carafe app = Carafe.create("mounted", Config.builder().set(Config.APPLICATION_ROOT, "/shop/").build());
        app.get("/user/<int:id>", "user", () -> "x");

        assertThat(build(app, "user", "id", 1)).isEqualTo("/shop/user/1");
    }

    @Test
    void inARequestUrlsStartAtTheRequestsMountPoint() {
        Carafe app = Carafe.create("proxied", Config.builder()
                .set(Config.APPLICATION_ROOT, "/shop").set(Config.TRUSTED_PROXIES, 1)
                .set(Config.TRUSTED_PROXY_PREFIX, true).build());
        app.get("/user/<int:id>", "user", () -> urlFor("user", "id", 5));
        TestClient client = app.testClient();

        assertThat(client.get("/user/1").text()).isEqualTo("/shop/user/5");
        assertThat(client.send(TestRequest.get("/user/1").header("X-Forwarded-Prefix", "/edge")).text())
                .isEqualTo("/edge/shop/user/5");
    }

    @Test
    void theStaticEndpointPointsUnderTheStaticUrlPathAsInFlask() throws Exception {
        Carafe app = shop();
        assertThat(build(app, "static", "filename", "css/site.css")).isEqualTo("/static/css/site.css");
        assertThat(build(app, "static", "filename", "my file.js", "v", 3)).isEqualTo("/static/my%20file.js?v=3");

        Carafe mounted = Carafe.create("assets", Config.builder()
                .set(Config.APPLICATION_ROOT, "/shop").set(Config.STATIC_URL_PATH, "/assets/").build());
        mounted.get("/", () -> urlFor("static", "filename", "logo.png"));
        assertThat(mounted.testClient().get("/").text()).as("in a request, below its mount point").isEqualTo("/shop/assets/logo.png");

        assertThatThrownBy(() -> build(app, "static")).isInstanceOf(CarafeException.class)
                .hasMessageContaining("endpoint 'static' (rule /static/<path:filename>): the path parameter 'filename' is missing");
    }

    @Test
    void aRouteNamedStaticTakesTheEndpointAndNoStaticUrlPathMeansNone() throws Exception {
        Carafe own = Carafe.create("own-static");
        own.get("/files/<path:filename>", "static", () -> "file");
        assertThat(build(own, "static", "filename", "a.txt")).isEqualTo("/files/a.txt");

        Carafe none = Carafe.create("no-static", Config.builder().set(Config.STATIC_URL_PATH, "").build());
        assertThatThrownBy(() -> build(none, "static", "filename", "a.txt")).isInstanceOf(CarafeException.class)
                .hasMessageStartingWith("Could not build a URL for endpoint 'static': no route has that endpoint name.");
    }

    @Test
    void aDotEndpointMeansTheCurrentGroupsEndpoint() {
        Carafe app = Carafe.create("groups");
        app.get("/", "index", () -> urlFor(".index"));
        Group admin = app.group("admin", "/admin");
        admin.get("/", "index", () -> urlFor(".index") + " " + urlFor(".user", "id", 2) + " " + urlFor("index"));
        admin.get("/user/<int:id>", "user", () -> "user");
        TestClient client = app.testClient();

        assertThat(client.get("/").text()).isEqualTo("/");
        assertThat(client.get("/admin/").text()).isEqualTo("/admin/ /admin/user/2 /");
    }

    @Test
    void urlForNeedsAnAppContext() {
        assertThatThrownBy(() -> urlFor("index"))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("Working outside of application context.");
    }

    @Test
    void keysAndValuesComeInPairs() {
        Carafe app = shop();

        assertThatThrownBy(() -> build(app, "user", "id"))
                .hasMessage("urlFor takes names and values in pairs, got 1 arguments");
    }
}
