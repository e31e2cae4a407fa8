package dev.carafe.templates;

import static dev.carafe.Globals.request;
import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Group;
import dev.carafe.testing.TestClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Context processors add names: the app's to every template, a group's to its routes' templates only. */
class ContextProcessorTest {
    @TempDir Path dir;
    final Carafe app = Carafe.create("processors");
    Templates templates;

    @BeforeEach
    void install() {
        TemplateFiles files = new TemplateFiles(dir)
                .write("who.html", "site={{ site }} section={{ section }} title={{ title }}");
        templates = Templates.install(app, files.source());
    }

    @Test
    void anAppProcessorAddsNamesToEveryTemplate() {
        templates.contextProcessor(() -> Map.of("site", "Carafe", "title", "from processor"));
        app.get("/", () -> render("who.html"));
        assertThat(app.testClient().get("/").text()).isEqualTo("site=Carafe section= title=from processor");
    }

    @Test
    void theModelWinsOverProcessors() {
        templates.contextProcessor(() -> Map.of("title", "from processor"));
        app.get("/", () -> render("who.html", Map.of("title", "from model")));
        assertThat(app.testClient().get("/").text()).endsWith("title=from model");
    }

    @Test
    void processorsRunInTheRendersContextOnEveryRender() {
        templates.contextProcessor(() -> Map.of("title", request().path()));
        app.get("/a", () -> render("who.html"));
        app.get("/b", () -> render("who.html"));
        TestClient client = app.testClient();
        assertThat(client.get("/a").text()).endsWith("title=/a");
        assertThat(client.get("/b").text()).endsWith("title=/b");
    }

    @Test
    void aGroupProcessorAppliesToItsRoutesOnly() {
        templates.contextProcessor(() -> Map.of("site", "Carafe", "section", "main"));
        Group admin = app.group("admin", "/admin");
        templates.contextProcessor(admin, () -> Map.of("section", "admin"));
        admin.get("/", "home", () -> render("who.html"));
        app.get("/", () -> render("who.html"));
        TestClient client = app.testClient();
        assertThat(client.get("/admin/").text()).isEqualTo("site=Carafe section=admin title=");
        assertThat(client.get("/").text()).isEqualTo("site=Carafe section=main title=");
    }

    @Test
    void nestedGroupsApplyTheOuterProcessorsFirstSoTheInnerWin() {
        Group admin = app.group("admin", "/admin");
        Group users = admin.group("users", "/users");
        templates.contextProcessor(admin, () -> Map.of("section", "admin", "site", "admin site"));
        templates.contextProcessor(users, () -> Map.of("section", "users"));
        users.get("/", "list", () -> render("who.html"));
        admin.get("/", "home", () -> render("who.html"));
        TestClient client = app.testClient();
        assertThat(client.get("/admin/users/").text()).isEqualTo("site=admin site section=users title=");
        assertThat(client.get("/admin/").text()).isEqualTo("site=admin site section=admin title=");
    }

    @Test
    void groupProcessorsDoNotApplyOutsideARequest() throws Exception {
        Group admin = app.group("admin", "/admin");
        templates.contextProcessor(admin, () -> Map.of("section", "admin"));
        templates.contextProcessor(() -> Map.of("site", "Carafe"));
        assertThat(app.appContext().call(() -> render("who.html"))).isEqualTo("site=Carafe section= title=");
    }
}
