package dev.carafe.templates;

import dev.carafe.Markup;
import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.extension.escaper.EscapeFilter;
import io.pebbletemplates.pebble.extension.escaper.EscaperExtension;
import io.pebbletemplates.pebble.extension.escaper.EscaperNodeVisitor;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Carafe adds to Pebble: Flask's template functions, {@link Markup} as safe text, Jinja's
 * {@code safe} and {@code e} filter names, Jinja's truth test in conditions, access to Carafe's
 * objects, and Flask's choice of autoescaping by file extension.
 */
final class CarafeExtension extends AbstractExtension {
    /** Flask 3's {@code select_jinja_autoescape}: these extensions are HTML-escaped, others are not. */
    static final Set<String> AUTOESCAPED = Set.of(".html", ".htm", ".xml", ".xhtml", ".svg");

    private final Filter escape = new MarkupAwareEscape();

    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("url_for", new UrlForFunction(), "get_flashed_messages", new FlashedMessagesFunction());
    }

    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("escape", escape, "e", escape, "safe", new SafeFilter());
    }

    /** The context globals for macros, which see only these (the render's variables stay outside them). */
    @Override
    public Map<String, Object> getGlobalVariables() {
        Map<String, Object> globals = new LinkedHashMap<>();
        Variables.GLOBALS.forEach(name -> globals.put(name, new ContextGlobal(name)));
        return globals;
    }

    @Override
    public List<NodeVisitorFactory> getNodeVisitors() {
        return List.of(new Truthiness());
    }

    @Override
    public List<AttributeResolver> getAttributeResolver() {
        return List.of(new CarafeAttributes());
    }

    /** Returns whether {@code templateName} is HTML-escaped by default. */
    static boolean autoescaped(String templateName) {
        String lower = templateName.toLowerCase(Locale.ROOT);
        return AUTOESCAPED.stream().anyMatch(lower::endsWith);
    }

    /** Replaces the escaper's node visitor with one that escapes by the template's extension, as Flask does. */
    static ExtensionCustomizer customize(Extension extension) {
        if (!(extension instanceof EscaperExtension)) {
            return new ExtensionCustomizer(extension) { };
        }
        return new ExtensionCustomizer(extension) {
            @Override
            public List<NodeVisitorFactory> getNodeVisitors() {
                return List.of(template -> new EscaperNodeVisitor((PebbleTemplateImpl) template, autoescaped(template.getName())));
            }
        };
    }

    /**
     * Pebble's escape filter, which leaves {@link Markup} as it is, like Jinja's. It extends
     * Pebble's class because Pebble hands safe text to no other filter as safe.
     */
    private static final class MarkupAwareEscape extends EscapeFilter {
        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            return input instanceof Markup m ? new SafeString(m.html()) : super.apply(input, args, self, context, line);
        }
    }

    /** Jinja's {@code safe}: marks the value as safe HTML (Pebble's {@code raw}). */
    private record SafeFilter() implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return null;
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
            return input == null || input instanceof SafeString ? input : new SafeString(input.toString());
        }
    }
}
