package dev.carafe.templates;

import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing template or a template error names the file, line and column, and shows the line. */
class TemplateErrorsTest {
    @TempDir Path dir;
    TemplateFiles files;
    final Carafe app = Carafe.create("errors");

    @BeforeEach
    void install() {
        files = new TemplateFiles(dir);
        Templates.install(app, files.source());
    }

    private TemplateException failure(String template) {
        try {
            app.appContext().call(() -> render(template));
        } catch (TemplateException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a TemplateException", e);
        }
        throw new AssertionError("rendering " + template + " did not fail");
    }

    @Test
    void aMissingTemplateSaysWhereItWasLookedFor() {
        TemplateException e = failure("nope.html");
        assertThat(e).hasMessage("Template \"nope.html\" not found: there is no " + dir.resolve("nope.html") + "."
                + " Check the name, or the source given to Templates.install (templates are loaded from " + dir + ").");
        assertThat(e.template()).hasValue("nope.html");
        assertThat(e.line()).isEmpty();
    }

    @Test
    void aMissingIncludedTemplateNamesTheIncludingLine() {
        files.write("page.html", "<h1>Title</h1>\n<nav>{% include \"parts/nav.html\" %}</nav>\n");
        TemplateException e = failure("page.html");
        assertThat(e.getMessage()).startsWith("page.html:2:17: Template \"parts/nav.html\" not found: there is no "
                + dir.resolve("parts/nav.html") + ".");
        assertThat(e.getMessage()).endsWith("\n\n 2 | <nav>{% include \"parts/nav.html\" %}</nav>\n   |                 ^");
        assertThat(e.line()).hasValue(2);
        assertThat(e.column()).hasValue(17);
    }

    @Test
    void aTemplateNameCannotLeaveTheSource() {
        assertThat(failure("../secret.html")).hasMessageStartingWith("Template \"../secret.html\" not found");
    }

    @Test
    void aSyntaxErrorGivesFileLineAndColumn() {
        files.write("bad.html", "<ul>\n{% for p in posts %}\n  <li>{{ p }}</li>\n{% endfo %}\n</ul>\n");
        TemplateException e = failure("bad.html");
        assertThat(e.getMessage()).startsWith("bad.html:4:4: Unexpected tag name \"endfo\"");
        assertThat(e.getMessage()).endsWith("\n\n 4 | {% endfo %}\n   |    ^");
        assertThat(e.template()).hasValue("bad.html");
        assertThat(e.line()).hasValue(4);
        assertThat(e.column()).hasValue(4);
    }

    @Test
    void anUnexpectedTokenIsPointedAt() {
        files.write("token.html", "line one\n<p>{{ name ! }}</p>\n");
        TemplateException e = failure("token.html");
        assertThat(e.getMessage()).startsWith("token.html:2:");
        assertThat(e.line()).hasValue(2);
        assertThat(e.column()).hasValue(12);
    }

    @Test
    void aSyntaxErrorInAnIncludedTemplateNamesThatTemplate() {
        files.write("outer.html", "{% include 'inner.html' %}");
        files.write("inner.html", "ok\n{% if x %}\n");
        TemplateException e = failure("outer.html");
        assertThat(e.template()).hasValue("inner.html");
        assertThat(e.getMessage()).startsWith("inner.html:");
        assertThat(e.getMessage()).contains("endif");
    }

    @Test
    void anErrorWhileRenderingGivesTheLineAndTheCause() {
        files.write("url.html", "<p>\n<a href=\"{{ url_for('nowhere') }}\">x</a>\n");
        TemplateException e = failure("url.html");
        assertThat(e.getMessage()).startsWith("url.html:2:13: url_for: ");
        assertThat(e.getMessage()).contains("nowhere");
        assertThat(e).hasRootCauseInstanceOf(CarafeException.class);
    }

    @Test
    void aFailingMethodOfTheModelIsReportedWithItsMessage() {
        record Boom(String name) {
            public String explode() {
                throw new IllegalStateException("kaboom");
            }
        }
        files.write("boom.html", "a\nb {{ item.explode() }}");
        TemplateException e = assertThatFails(() -> app.appContext().call(() -> render("boom.html", Map.of("item", new Boom("x")))));
        assertThat(e.getMessage()).startsWith("boom.html:2:");
        assertThat(e.getMessage()).contains("kaboom");
    }

    @Test
    void inDebugModeThe500PageShowsTheTemplateError() {
        Carafe debug = Carafe.create("debug", Config.builder().set(Config.DEBUG, true).build());
        Templates.install(debug, files.source());
        files.write("bad.html", "<ul>\n{% endfo %}\n");
        debug.get("/", () -> render("bad.html"));
        TestResponse response = debug.testClient().send(TestRequest.get("/").header("Accept", "text/html"));
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).contains("bad.html:2:4: Unexpected tag name &#34;endfo&#34;");
        assertThat(response.text()).contains("dev.carafe.templates.TemplateException");
    }

    @Test
    void outsideDebugModeThe500PageShowsNothingOfTheTemplate() {
        files.write("bad.html", "{% endfo %}");
        app.get("/", () -> render("bad.html"));
        TestResponse response = app.testClient().get("/");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.text()).doesNotContain("bad.html");
    }

    @Test
    void misuseOfTheApiSaysTheFix() {
        Carafe bare = Carafe.create("bare");
        assertThatThrownBy(() -> Templates.of(bare)).hasMessage("No templates are installed on app 'bare'. Call"
                + " Templates.install(app) (templates in src/main/resources/templates) or"
                + " Templates.install(app, TemplateSource.directory(Path.of(\"templates\"))) when setting up the app.");
        assertThatThrownBy(() -> Templates.install(app, files.source())).hasMessage("Templates are already installed"
                + " on app 'errors'. Install them once, and reach them later with Templates.of(app).");
        assertThatThrownBy(() -> TemplateSource.directory(dir.resolve("absent"))).hasMessage("The template folder "
                + dir.resolve("absent") + " is not a directory. Create it, or pass the folder holding your templates to"
                + " TemplateSource.directory(...).");
        files.write("x.html", "x");
        assertThatThrownBy(() -> app.appContext().call(() -> render("x.html", "not a model")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the model must be a Map<String, ?> or a record, was a java.lang.String rendering x.html");
        assertThatThrownBy(() -> app.appContext().call(() -> render("x.html", Map.of(1, "one"))))
                .hasMessage("model keys must be strings, found 1 (java.lang.Integer) rendering x.html");
    }

    private static TemplateException assertThatFails(java.util.concurrent.Callable<?> action) {
        try {
            action.call();
        } catch (TemplateException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a TemplateException", e);
        }
        throw new AssertionError("did not fail");
    }
}
