package dev.carafe.templates;

import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.session;
import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.ContextException;
import dev.carafe.Globals;
import dev.carafe.Group;
import dev.carafe.Key;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names every template sees without being passed them, read through the render's context. */
class TemplateGlobalsTest {
    static final Key<String> USER = Key.of("user", String.class);

    @TempDir Path dir;
    TemplateFiles files;
    final Carafe app = Carafe.create("globals", Config.builder()
            .set(Config.SECRET_KEY, "dev").set(Config.SERVER_NAME, "example.com").set(Config.TESTING, true).build());

    @BeforeEach
    void install() {
        files = new TemplateFiles(dir);
        Templates.install(app, files.source());
    }

    private String get(String template, String text, String path) {
        files.write(template, text);
        app.get("/page", "page", () -> render(template));
        return app.testClient().get(path).text();
    }

    @Test
    void requestIsTheCurrentRequest() {
        String out = get("request.html", "{{ request.method }} {{ request.path }} q={{ request.args.get('q') }}"
                + " q2={{ request.args.q }} none={{ request.args.get('nope', 'default') }} ep={{ request.endpoint }}"
                + " ua={{ request.headers['User-Agent'] }}", "/page?q=tea");
        assertThat(out).isEqualTo("GET /page q=tea q2=tea none=default ep=page ua=Carafe-TestClient");
    }

    @Test
    void sessionIsTheRequestsSessionAndReadingItMarksItAccessed() {
        files.write("session.html", "user={{ session.user }} get={{ session.get('user') }} missing={{ session.missing }}");
        files.write("plain.html", "no session here");
        app.post("/login", () -> {
            session().put("user", "ada");
            return "ok";
        });
        app.get("/session", () -> render("session.html"));
        app.get("/plain", () -> render("plain.html"));
        TestClient client = app.testClient();
        client.post("/login");

        TestResponse withSession = client.get("/session");
        assertThat(withSession.text()).isEqualTo("user=ada get=ada missing=");
        assertThat(withSession.header("Vary")).hasValue("Cookie");

        TestResponse without = client.get("/plain");
        assertThat(without.text()).isEqualTo("no session here");
        assertThat(without.header("Vary")).isEmpty();
    }

    @Test
    void gIsTheContextsGReadByKeyName() {
        files.write("g.html", "{{ g.user }}|{{ g.nothing }}|{% if g.user %}signed in{% endif %}");
        app.beforeRequest(() -> g().set(USER, "ada"));
        app.get("/g", () -> render("g.html"));
        assertThat(app.testClient().get("/g").text()).isEqualTo("ada||signed in");
    }

    @Test
    void configHoldsTheBuiltInKeysAndTheConfiguredValues() {
        String out = get("config.html", "{{ config.SERVER_NAME }} {{ config['SESSION_COOKIE_NAME'] }} debug={{ config.DEBUG }}",
                "/page");
        assertThat(out).isEqualTo("example.com session debug=false");
    }

    @Test
    void currentAppIsTheApp() {
        assertThat(get("app.html", "{{ current_app.name }}", "/page")).isEqualTo("globals");
    }

    @Test
    void urlForBuildsUrlsWithKeywordsMapsAndPairs() {
        app.get("/user/<int:id>", "user", () -> "user");
        String out = get("urls.html", """
                {{ url_for('user', id=7) }}
                {{ url_for('user', id=7, tab='posts') }}
                {{ url_for('user', {'id': 8}) }}
                {{ url_for('user', 'id', 9) }}
                {{ url_for('user', id=7, _external=true) }}
                {{ url_for('static', filename='css/site.css') }}
                """, "/page");
        assertThat(out.lines()).containsExactly("/user/7", "/user/7?tab=posts", "/user/8", "/user/9",
                "http://localhost/user/7", "/static/css/site.css");
    }

    @Test
    void urlForResolvesADotNameInTheCurrentGroup() {
        Group admin = app.group("admin", "/admin");
        admin.get("/users", "users", () -> render("nav.html"));
        files.write("nav.html", "{{ url_for('.users') }}");
        assertThat(app.testClient().get("/admin/users").text()).isEqualTo("/admin/users");
    }

    @Test
    void flashedMessagesAreReadOnceWithOrWithoutCategories() {
        files.write("flashes.html", """
                {% for m in get_flashed_messages() %}[{{ m }}]{% endfor %}
                {% for f in get_flashed_messages(with_categories=true) %}[{{ f.category }}:{{ f.message }}]{% endfor %}
                {% for m in get_flashed_messages(category_filter=['error']) %}[{{ m }}]{% endfor %}
                """);
        app.post("/act", () -> {
            flash("Saved.");
            flash("Disk <full>", "error");
            return "ok";
        });
        app.get("/show", () -> render("flashes.html"));
        TestClient client = app.testClient();
        client.post("/act");
        assertThat(client.get("/show").text().lines()).containsExactly(
                "[Saved.][Disk &lt;full&gt;]", "[message:Saved.][error:Disk &lt;full&gt;]", "[Disk &lt;full&gt;]");
        assertThat(client.get("/show").text().lines()).containsExactly("", "", "");
    }

    @Test
    void outsideARequestRequestAndSessionAreAbsentAndTheRestStillWorks() throws Exception {
        app.get("/user/<int:id>", "user", () -> "user");
        files.write("email.txt", """
                {% if request %}in a request{% else %}no request{% endif %}
                {% if session is null %}no session{% endif %}
                {{ url_for('user', id=3, _external=true) }} {{ current_app.name }} {{ get_flashed_messages() | length }}
                """);
        String out = app.appContext().call(() -> render("email.txt"));
        assertThat(out.lines()).containsExactly("no request", "no session", "http://example.com/user/3 globals 0");
    }

    @Test
    void renderingNeedsAContext() {
        files.write("x.html", "x");
        assertThatThrownBy(() -> render("x.html"))
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("Working outside of application context.");
    }

    @Test
    void aTestRequestContextIsEnoughToRender() {
        files.write("ctx.html", "{{ request.path }} {{ request.args.get('q') }}");
        try (var ctx = app.testRequestContext(TestRequest.get("/anywhere?q=1")).push()) {
            assertThat(render("ctx.html")).isEqualTo("/anywhere 1");
            assertThat(Globals.hasRequestContext()).isTrue();
        }
    }

    @Test
    void theModelMayBeAMapOrARecordAndWinsOverGlobals() {
        record Page(String title, List<String> items, String request) {}
        files.write("model.html", "{{ title }}:{% for i in items %}{{ i }},{% endfor %} request={{ request }}");
        app.get("/map", () -> render("model.html", Map.of("title", "Map", "items", List.of("a", "b"))));
        app.get("/record", () -> render("model.html", new Page("Record", List.of("c"), "shadowed")));
        TestClient client = app.testClient();
        assertThat(client.get("/map").text()).startsWith("Map:a,b, request=");
        assertThat(client.get("/record").text()).isEqualTo("Record:c, request=shadowed");
    }
}
