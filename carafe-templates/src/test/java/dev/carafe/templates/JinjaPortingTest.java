package dev.carafe.templates;

import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.redirect;
import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Group;
import dev.carafe.Key;
import dev.carafe.testing.TestClient;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flask tutorial's blog templates (Flaskr's {@code base.html} and {@code blog/index.html})
 * ported to Pebble, and the Jinja habits that work unchanged; docs/templates.md quotes this test.
 */
class JinjaPortingTest {
    record User(int id, String username) {}

    record Post(int id, int authorId, String author, String title, String body, LocalDate created, List<String> tags) {}

    record Index(List<Post> posts) {}

    static final Key<User> USER = Key.of("user", User.class);

    @TempDir Path dir;

    private static Carafe blog() {
        Carafe app = Carafe.create("flaskr", Config.builder().set(Config.SECRET_KEY, "dev").set(Config.TESTING, true).build());
        Templates.install(app);
        Group auth = app.group("auth", "/auth");
        auth.get("/login", "login", () -> "login");
        auth.get("/logout", "logout", () -> "logout");
        app.get("/<int:id>/update", "update", () -> "update");
        app.beforeRequest(() -> {
            if (request_has_user()) {
                g().set(USER, new User(1, "ada"));
            }
        });
        List<Post> posts = List.of(
                new Post(1, 1, "ada", "Hello <world>", "First post.", LocalDate.of(2025, 3, 1), List.of("intro", "meta")),
                new Post(2, 2, "bob", "Second", "Another.", LocalDate.of(2025, 3, 2), List.of()));
        app.get("/", "index", () -> render("blog/index.html", new Index(posts)));
        app.get("/empty", () -> render("blog/index.html", new Index(List.of())));
        app.post("/publish", () -> {
            flash("Post published.");
            return redirect("/");
        });
        return app;
    }

    private static boolean request_has_user() {
        return dev.carafe.Globals.request().args().contains("user");
    }

    @Test
    void theTutorialsIndexRendersWithItsLayoutMacrosAndFlashedMessages() {
        TestClient client = blog().testClient();
        client.post("/publish");
        String page = client.get("/?user=1").text();
        assertThat(page).contains("<title>Posts - Flaskr</title>")
                .contains("<li><span>ada</span>")
                .contains("<a href=\"/auth/logout\">Log Out</a>")
                .contains("<div class=\"flash\">Post published.</div>")
                .contains("<h1>Hello &lt;world&gt;</h1>")
                .contains("by ada on 2025-03-01")
                .contains("<a class=\"action\" href=\"/1/update\">Edit</a>")
                .doesNotContain("/2/update")
                .contains("<ul class=\"tags\"><li>1. intro</li><li>2. meta</li></ul>")
                .containsOnlyOnce("<hr>");
        String anonymous = client.get("/").text();
        assertThat(anonymous).contains("<a href=\"/auth/login\">Log In</a>").doesNotContain("Edit").doesNotContain("flash");
        assertThat(client.get("/empty").text()).contains("<p>No posts yet.</p>");
    }

    @Test
    void jinjaTruthTestsWorkInConditions() throws Exception {
        Carafe app = Carafe.create("truth");
        Templates.install(app, new TemplateFiles(dir).write("t.txt", """
                {% if items %}items{% else %}no items{% endif %}
                {% if not items %}empty{% endif %}
                {% if map and text %}both{% endif %}
                {% if none or zero %}never{% else %}falsy{% endif %}
                {% if current_app %}app{% endif %}
                """).source());
        String out = app.appContext().call(() -> render("t.txt",
                Map.of("items", List.of(), "map", Map.of("k", 1), "text", "x", "zero", 0)));
        assertThat(out.lines()).containsExactly("no items", "empty", "both", "falsy", "app");
    }

    @Test
    void newlinesAfterTagsAreKeptAsInJinja() throws Exception {
        Carafe app = Carafe.create("newlines");
        Templates.install(app, new TemplateFiles(dir).write("n.txt", "{% if true %}\nyes\n{% endif %}\n{{ 'x' }}\n").source());
        assertThat(app.appContext().call(() -> render("n.txt"))).isEqualTo("\nyes\n\nx\n");
    }

    @Test
    void macrosSeeTheContextGlobalsButNotTheModel() {
        Carafe app = Carafe.create("macros", Config.builder().set(Config.TESTING, true).build());
        app.get("/", "index", () -> render("m.html", Map.of("title", "model")));
        Templates.install(app, new TemplateFiles(dir).write("m.html", """
                {% macro link(label) %}<a href="{{ url_for('index') }}">{{ label }}</a> {{ current_app.name }} \
                {{ request.path }} {% if request %}request{% endif %} {{ config.TESTING }} [{{ title }}]{% endmacro %}
                {{ link('Home') }}""").source());
        assertThat(app.testClient().get("/").text().strip()).isEqualTo("<a href=\"/\">Home</a> macros / request true []");
    }

    @Test
    void theJinjaFormsThatChangeHaveThesePebbleForms() throws Exception {
        Carafe app = Carafe.create("forms");
        Templates.install(app, new TemplateFiles(dir)
                .write("base.txt", "{% block greeting %}Hello{% endblock %}")
                .write("forms.txt", """
                        {% extends 'base.txt' %}
                        {% block greeting %}{{ parent() }}, {{ user is null ? 'stranger' : user }}!
                        {% if n > 1 %}many{% elseif n == 1 %}one{% else %}none{% endif %}
                        {% for entry in scores %}{{ entry.key }}={{ entry.value }} {% endfor %}
                        {% for x in ['a', 'b'] %}{{ loop.index }}/{{ loop.length }} {% endfor %}
                        {{ 'a long sentence' | abbreviate(6) }} {{ 'text' | title }} {{ ['x', 'y'] | join(', ') }}
                        {% endblock %}""").source());
        String out = app.appContext().call(() -> render("forms.txt", Map.of("n", 1, "scores", Map.of("ada", 3))));
        assertThat(out.lines()).containsExactly("Hello, stranger!", "one", "ada=3 ", "0/2 1/2 ", "a l... Text x, y");
    }

    @Test
    void aJinjaOnlyTagFailsWithItsPosition() throws Exception {
        Carafe app = Carafe.create("elif");
        Templates.install(app, new TemplateFiles(dir).write("elif.txt", "{% if n > 1 %}many\n{% elif n == 1 %}one{% endif %}").source());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> app.appContext().call(() -> render("elif.txt", Map.of("n", 1)))))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("elif.txt:2:4: Unexpected tag name \"elif\"");
    }
}
