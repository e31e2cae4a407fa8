package dev.carafe.templates;

import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.Globals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flask's before_render_template and template_rendered, with the template's name and model. */
class RenderSignalsTest {
    @TempDir Path dir;
    final Carafe app = Carafe.create("signals");
    final List<String> trace = new ArrayList<>();
    Templates templates;

    @BeforeEach
    void install() {
        templates = Templates.install(app, new TemplateFiles(dir).write("hello.html", "Hello {{ name }}{{ extra }}").source());
    }

    @Test
    void bothSignalsCarryTheTemplateNameTheModelAndTheContext() {
        templates.contextProcessor(() -> Map.of("site", "Carafe"));
        app.connect(Templates.BEFORE_RENDER_TEMPLATE, e -> trace.add("before " + e.template() + " " + e.model()
                + " current=" + (e.context() == Globals.context())));
        app.connect(Templates.TEMPLATE_RENDERED, e -> trace.add("rendered " + e.template() + " " + e.model()));
        app.get("/", () -> {
            String out = render("hello.html", Map.of("name", "Ada"));
            trace.add("returned " + out);
            return out;
        });
        app.testClient().get("/");
        assertThat(trace).containsExactly(
                "before hello.html {site=Carafe, name=Ada} current=true",
                "rendered hello.html {site=Carafe, name=Ada}",
                "returned Hello Ada");
    }

    @Test
    void aBeforeRenderReceiverMayAddNamesButTheRenderedModelIsReadOnly() throws Exception {
        app.connect(Templates.BEFORE_RENDER_TEMPLATE, e -> e.model().put("extra", "!"));
        List<Map<String, Object>> rendered = new ArrayList<>();
        app.connect(Templates.TEMPLATE_RENDERED, e -> rendered.add(e.model()));
        assertThat(app.appContext().call(() -> render("hello.html", Map.of("name", "Ada")))).isEqualTo("Hello Ada!");
        assertThatThrownBy(() -> rendered.getFirst().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noSignalIsSentForAMissingTemplateAndRenderedIsNotSentForAFailedOne() throws Exception {
        new TemplateFiles(dir).write("broken.html", "{{ url_for('nowhere') }}");
        app.connect(Templates.BEFORE_RENDER_TEMPLATE, e -> trace.add("before " + e.template()));
        app.connect(Templates.TEMPLATE_RENDERED, e -> trace.add("rendered " + e.template()));
        app.appContext().run(() -> {
            assertThatThrownBy(() -> render("missing.html")).isInstanceOf(TemplateException.class);
            assertThatThrownBy(() -> render("broken.html")).isInstanceOf(TemplateException.class);
        });
        assertThat(trace).containsExactly("before broken.html");
    }

    @Test
    void signalsAreTheAppsOwn() throws Exception {
        Carafe other = Carafe.create("other");
        other.connect(Templates.TEMPLATE_RENDERED, e -> trace.add("other app heard it"));
        app.appContext().call(() -> render("hello.html", Map.of("name", "Ada")));
        assertThat(trace).isEmpty();
    }
}
