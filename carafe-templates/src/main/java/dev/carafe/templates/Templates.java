package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.ConfigKey;
import dev.carafe.Context;
import dev.carafe.Globals;
import dev.carafe.Group;
import dev.carafe.Key;
import dev.carafe.Signal;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An app's templates: Flask's {@code render_template}, on Pebble, whose syntax is close to Jinja's.
 *
 * <p>Install them once, then render from any handler, hook or background work of the app:
 * <pre>{@code
 * Templates.install(app);                                   // src/main/resources/templates
 * app.get("/", "index", () -> render("home.html", Map.of("posts", posts())));
 * }</pre>
 *
 * <p><b>What templates see.</b> The model's names (a map's entries or a record's components),
 * the names added by {@linkplain #contextProcessor context processors}, and, without passing
 * them, Flask's {@code request}, {@code session}, {@code g}, {@code config}, {@code current_app},
 * {@code url_for(...)} and {@code get_flashed_messages(...)}, read through the context the
 * render runs in. The model wins over the processors, which win over the globals. Outside a
 * request (a CLI command, an e-mail sent from background work) {@code request} and
 * {@code session} are null, so {@code {% if request %}} works.
 *
 * <p><b>Escaping.</b> Templates ending in {@code .html}, {@code .htm}, {@code .xml},
 * {@code .xhtml} or {@code .svg} escape every printed value (Flask's rule); others do not.
 * {@link dev.carafe.Markup} values, and values filtered with {@code |safe} or {@code |raw}, are
 * printed as they are.
 *
 * <p><b>Loading.</b> Templates are parsed once and cached. With {@link #AUTO_RELOAD}, which
 * follows debug mode unless set, a template whose file changed is parsed again on its next render.
 *
 * <p><b>Signals.</b> {@link #BEFORE_RENDER_TEMPLATE} and {@link #TEMPLATE_RENDERED}, sent to the
 * app's receivers with the template's name and variables.
 *
 * <p>Thread-safe after installation. Errors are {@link TemplateException}s naming the file,
 * line and column.
 */
public final class Templates {
    /** Sent before a template is rendered; receivers may add or replace names in the event's model (Flask's {@code before_render_template}). */
    public static final Signal<RenderEvent> BEFORE_RENDER_TEMPLATE = Signal.create("before-render-template", RenderEvent.class);
    /** Sent after a template was rendered (Flask's {@code template_rendered}). */
    public static final Signal<RenderEvent> TEMPLATE_RENDERED = Signal.create("template-rendered", RenderEvent.class);
    /** Whether changed template files are reloaded; unset means "in debug mode" (Flask's {@code TEMPLATES_AUTO_RELOAD}). */
    public static final ConfigKey<Boolean> AUTO_RELOAD = ConfigKey.bool("TEMPLATES_AUTO_RELOAD", null);

    private static final Key<Templates> KEY = Key.of("carafe.templates", Templates.class);

    private final Carafe app;
    private final SourceLoader loader;
    private final PebbleEngine engine;
    private final List<ContextProcessor> processors = new CopyOnWriteArrayList<>();
    private final Map<String, List<ContextProcessor>> groupProcessors = new ConcurrentHashMap<>();

    private Templates(Carafe app, TemplateSource source) {
        this.app = app;
        this.loader = new SourceLoader(source);
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .newLineTrimming(false)   // Jinja keeps the newline after a tag, and so does Flask
                .registerExtensionCustomizer(CarafeExtension::customize)
                .extension(new CarafeExtension())
                .build();
    }

    /**
     * Installs templates from the class-path folder {@code templates} (in a Maven project,
     * {@code src/main/resources/templates}) on {@code app}, and returns them.
     *
     * @throws CarafeException when templates are already installed on {@code app}
     */
    public static Templates install(Carafe app) {
        return install(app, TemplateSource.classpath("templates"));
    }

    /**
     * Installs templates loaded from {@code source} on {@code app}, and returns them.
     *
     * @throws CarafeException when templates are already installed on {@code app}
     */
    public static Templates install(Carafe app, TemplateSource source) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(source, "source");
        Templates templates = new Templates(app, source);
        if (app.extensions().computeIfAbsent(KEY, () -> templates) != templates) {
            throw new CarafeException("Templates are already installed on app '" + app.name() + "'. Install them once,"
                    + " and reach them later with Templates.of(app).");
        }
        return templates;
    }

    /**
     * Returns the templates installed on {@code app}.
     *
     * @throws CarafeException when none are installed; call {@link #install} first
     */
    public static Templates of(Carafe app) {
        return app.extensions().get(KEY).orElseThrow(() -> new CarafeException("No templates are installed on app '"
                + app.name() + "'. Call Templates.install(app) (templates in src/main/resources/templates) or"
                + " Templates.install(app, TemplateSource.directory(Path.of(\"templates\"))) when setting up the app."));
    }

    /**
     * Renders the template {@code name} with no model, in the current context; see {@link #render(String, Object)}.
     *
     * @throws dev.carafe.ContextException when no context is current
     * @throws TemplateException           when the template is missing or fails
     */
    public static String render(String name) {
        return render(name, Map.of());
    }

    /**
     * Renders the template {@code name} of the current app, in the current context (a request,
     * an app context, or a copy for background work). The model is a {@code Map<String, ?>} or a
     * record, whose components become the names.
     *
     * @throws dev.carafe.ContextException when no context is current; wrap the call in {@code app.appContext().run(...)}
     * @throws CarafeException             when the current app has no templates installed
     * @throws TemplateException           when the template is missing or fails
     * @throws IllegalArgumentException    when the model is neither a map with string keys nor a record
     */
    public static String render(String name, Object model) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Context context = Globals.context();
        return of(context.app()).render(context, name, model);
    }

    /** Registers {@code processor}, whose names every template gets (Flask's {@code app.context_processor}); returns this. */
    public Templates contextProcessor(ContextProcessor processor) {
        processors.add(Objects.requireNonNull(processor, "processor"));
        return this;
    }

    /**
     * Registers {@code processor} for the templates rendered in requests to {@code group}'s
     * routes, nested groups' included (Flask's {@code blueprint.context_processor}); returns this.
     */
    public Templates contextProcessor(Group group, ContextProcessor processor) {
        Objects.requireNonNull(processor, "processor");
        groupProcessors.computeIfAbsent(group.name(), k -> new CopyOnWriteArrayList<>()).add(processor);
        return this;
    }

    /** Returns where the templates are loaded from. */
    public TemplateSource source() {
        return loader.source();
    }

    private String render(Context context, String name, Object model) {
        reloadIfChanged();
        PebbleTemplate template;
        try {
            template = engine.getTemplate(name);
        } catch (RuntimeException e) {
            throw Errors.translate(e, name, loader);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        processors.forEach(p -> variables.putAll(call(p)));
        if (context.hasRequest()) {
            List<String> groups = context.request().groups();   // innermost first; Flask applies outer ones first
            for (String group : groups.reversed()) {
                groupProcessors.getOrDefault(group, List.of()).forEach(p -> variables.putAll(call(p)));
            }
        }
        variables.putAll(names(name, model));
        context.app().send(BEFORE_RENDER_TEMPLATE, new RenderEvent(context, name, variables));
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, new Variables(variables, context));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw Errors.translate(e, name, loader);
        }
        context.app().send(TEMPLATE_RENDERED, new RenderEvent(context, name,
                Collections.unmodifiableMap(new LinkedHashMap<>(variables))));
        return out.toString();
    }

    private void reloadIfChanged() {
        if (app.config().find(AUTO_RELOAD).orElse(app.config().debug()) && loader.changed()) {
            engine.getTemplateCache().invalidateAll();
            loader.forget();
        }
    }

    private static Map<String, ?> call(ContextProcessor processor) {
        try {
            Map<String, ?> names = processor.variables();
            return names == null ? Map.of() : names;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CarafeException("A template context processor failed: " + e, e);
        }
    }

    /** Returns the model's names: a map's entries, or a record's components. */
    private static Map<String, Object> names(String template, Object model) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (model instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!(k instanceof String s)) {
                    throw new IllegalArgumentException("model keys must be strings, found " + k
                            + (k == null ? "" : " (" + k.getClass().getName() + ")") + " rendering " + template);
                }
                out.put(s, v);
            });
        } else if (model instanceof Record record) {
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                out.put(c.getName(), component(record, c));
            }
        } else {
            throw new IllegalArgumentException("the model must be a Map<String, ?> or a record, was a "
                    + model.getClass().getName() + " rendering " + template);
        }
        return out;
    }

    private static Object component(Record record, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            if (!accessor.canAccess(record)) {
                accessor.setAccessible(true);
            }
            return accessor.invoke(record);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            Class<?> type = record.getClass();
            throw new CarafeException("Cannot read the component '" + c.getName() + "' of the model " + type.getName()
                    + ": its module does not open " + type.getPackageName() + " to dev.carafe.templates. Make the record"
                    + " public, or add 'opens " + type.getPackageName() + " to dev.carafe.templates, io.pebbletemplates;'"
                    + " to module-info.java.", e);
        } catch (InvocationTargetException e) {
            throw new CarafeException("The component '" + c.getName() + "' of the model " + record.getClass().getName()
                    + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * A template render, sent with {@link #BEFORE_RENDER_TEMPLATE} and {@link #TEMPLATE_RENDERED}.
     *
     * @param context  the context the template is rendered in
     * @param template the template's name, e.g. {@code home.html}
     * @param model    the names passed to the template: the model's and the context processors'
     *                 (not the context globals); changeable before the render, read-only after
     */
    public record RenderEvent(Context context, String template, Map<String, Object> model) {}
}
