package dev.carafe.templates;

import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates are parsed once; in debug mode (or with TEMPLATES_AUTO_RELOAD) a changed file is parsed again. */
class ReloadTest {
    @TempDir Path dir;

    private Carafe app(Config config) {
        Carafe app = Carafe.create("reload", config);
        Templates.install(app, TemplateSource.directory(dir));
        app.get("/", () -> render("child.html"));
        return app;
    }

    /** Writes {@code text} and moves the file's time forward, so the change shows even within the file system's time resolution. */
    private void edit(String name, String text, int secondsLater) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsLater)));
    }

    @Test
    void inDebugModeAnEditedTemplateOrItsParentIsReloaded() throws IOException {
        edit("base.html", "[{% block body %}{% endblock %}]", 0);
        edit("child.html", "{% extends 'base.html' %}{% block body %}one{% endblock %}", 0);
        Carafe app = app(Config.builder().set(Config.DEBUG, true).build());
        assertThat(app.testClient().get("/").text()).isEqualTo("[one]");

        edit("child.html", "{% extends 'base.html' %}{% block body %}two{% endblock %}", 10);
        assertThat(app.testClient().get("/").text()).isEqualTo("[two]");

        edit("base.html", "<{% block body %}{% endblock %}>", 20);
        assertThat(app.testClient().get("/").text()).isEqualTo("<two>");
    }

    @Test
    void outsideDebugModeTemplatesAreCached() throws IOException {
        edit("child.html", "one", 0);
        Carafe app = app(Config.defaults());
        assertThat(app.testClient().get("/").text()).isEqualTo("one");
        edit("child.html", "two", 10);
        assertThat(app.testClient().get("/").text()).isEqualTo("one");
    }

    @Test
    void autoReloadOverridesDebugMode() throws IOException {
        edit("child.html", "one", 0);
        Carafe on = app(Config.builder().set(Templates.AUTO_RELOAD, true).build());
        assertThat(on.testClient().get("/").text()).isEqualTo("one");
        edit("child.html", "two", 10);
        assertThat(on.testClient().get("/").text()).isEqualTo("two");

        Carafe off = app(Config.builder().set(Config.DEBUG, true).set(Templates.AUTO_RELOAD, false).build());
        assertThat(off.testClient().get("/").text()).isEqualTo("two");
        edit("child.html", "three", 20);
        assertThat(off.testClient().get("/").text()).isEqualTo("two");
    }

    @Test
    void aFixedSyntaxErrorIsPickedUpInDebugMode() throws IOException {
        edit("child.html", "{% if %}", 0);
        Carafe app = app(Config.builder().set(Config.DEBUG, true).build());
        assertThat(app.testClient().get("/").status()).isEqualTo(500);
        edit("child.html", "fixed", 10);
        assertThat(app.testClient().get("/").text()).isEqualTo("fixed");
    }
}
