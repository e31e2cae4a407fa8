package dev.carafe.templates;

import static dev.carafe.Globals.session;
import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Markup;
import dev.carafe.testing.TestClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flask's autoescaping: on for HTML and XML templates, off for others; Markup passes through. */
class EscapingTest {
    static final String VALUE = "<b>\"Tom\" & 'Jerry'</b>";

    @TempDir Path dir;
    TemplateFiles files;
    final Carafe app = Carafe.create("escaping", Config.builder().set(Config.SECRET_KEY, "dev").build());

    @BeforeEach
    void install() {
        files = new TemplateFiles(dir);
        Templates.install(app, files.source());
    }

    private String renderIn(String template, String text, Map<String, ?> model) throws Exception {
        files.write(template, text);
        return app.appContext().call(() -> render(template, model));
    }

    @Test
    void htmlHtmXmlXhtmlAndSvgTemplatesEscapeValues() throws Exception {
        for (String name : new String[] {"a.html", "a.htm", "a.xml", "a.xhtml", "a.svg", "A.HTML"}) {
            assertThat(renderIn(name, "{{ v }}", Map.of("v", VALUE))).as(name)
                    .isEqualTo("&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
        }
    }

    @Test
    void otherTemplatesDoNotEscape() throws Exception {
        assertThat(renderIn("mail.txt", "{{ v }}", Map.of("v", VALUE))).isEqualTo(VALUE);
        assertThat(renderIn("page.html.j2", "{{ v }}", Map.of("v", VALUE))).isEqualTo(VALUE);
    }

    @Test
    void markupPassesThroughUnescapedAndOtherStringsInTheSameTemplateAreEscaped() throws Exception {
        String out = renderIn("m.html", "{{ safe }} {{ unsafe }} {{ safe | escape }} {{ safe | e }}",
                Map.of("safe", Markup.of("<em>hi</em>"), "unsafe", "<em>hi</em>"));
        assertThat(out).isEqualTo("<em>hi</em> &lt;em&gt;hi&lt;/em&gt; <em>hi</em> <em>hi</em>");
    }

    @Test
    void safeRawAndAutoescapeFalseTurnEscapingOff() throws Exception {
        String out = renderIn("f.html", "{{ v | safe }}|{{ v | raw }}|{% autoescape false %}{{ v }}{% endautoescape %}|{{ v | e }}",
                Map.of("v", "<i>"));
        assertThat(out).isEqualTo("<i>|<i>|<i>|&lt;i&gt;");
    }

    @Test
    void escapeStillWorksExplicitlyInTemplatesThatDoNotAutoescape() throws Exception {
        assertThat(renderIn("e.txt", "{{ v | e }} {{ v | escape }}", Map.of("v", "<i>"))).isEqualTo("&lt;i&gt; &lt;i&gt;");
    }

    @Test
    void includedTemplatesEscapeByTheirOwnName() throws Exception {
        files.write("part.html", "{{ v }}");
        files.write("part.txt", "{{ v }}");
        String out = renderIn("outer.html", "{% include 'part.html' %}/{% include 'part.txt' %}", Map.of("v", "<i>"));
        assertThat(out).isEqualTo("&lt;i&gt;/<i>");
    }

    @Test
    void markupStoredInTheSessionComesBackAsMarkupAndIsNotEscaped() {
        files.write("s.html", "{{ session.note }} {{ session.plain }}");
        app.post("/save", () -> {
            session().put("note", Markup.of("<strong>saved</strong>"));
            session().put("plain", "<strong>saved</strong>");
            return "ok";
        });
        app.get("/show", () -> render("s.html"));
        TestClient client = app.testClient();
        client.post("/save");
        assertThat(client.get("/show").text()).isEqualTo("<strong>saved</strong> &lt;strong&gt;saved&lt;/strong&gt;");
    }
}
