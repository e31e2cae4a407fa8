package dev.carafe.templates;

import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default source: the class-path folder {@code templates}, with inheritance and records as models. */
class ClasspathTemplatesTest {
    record Post(String title) {}

    record Home(List<Post> posts) {}

    @Test
    void installWithoutASourceLoadsFromTheClasspathFolderTemplates() {
        Carafe app = Carafe.create("classpath");
        Templates templates = Templates.install(app);
        assertThat(templates.source().describe()).isEqualTo("classpath:templates/");
        app.get("/", () -> render("home.html", new Home(List.of(new Post("First <post>"), new Post("Second")))));
        assertThat(app.testClient().get("/").text()).isEqualTo("""
                <!doctype html>
                <title>Home - Carafe</title>
                <main><h2>First &lt;post&gt;</h2><h2>Second</h2></main>
                """);
    }

    @Test
    void aClasspathSubfolderCanBeTheSource() {
        Carafe app = Carafe.create("sub");
        Templates.install(app, TemplateSource.classpath("/templates/layout/"));
        app.get("/", () -> render("base.html"));
        assertThat(app.testClient().get("/").text()).contains("<title> - Carafe</title>");
    }
}
