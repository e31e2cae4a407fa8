package dev.carafe.templates;

import dev.carafe.Config;
import dev.carafe.ConfigKey;
import dev.carafe.Context;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's variables: the explicit ones (the model and the context processors'), then
 * Flask's context globals {@code request}, {@code session}, {@code g}, {@code config} and
 * {@code current_app}, each read from the render's context only when the template uses it.
 * So a template that never names {@code session} does not mark it accessed (no
 * {@code Vary: Cookie}), and outside a request {@code request} and {@code session} are null.
 */
final class Variables extends AbstractMap<String, Object> {
    /** The context globals, in the order they are listed. */
    static final List<String> GLOBALS = List.of("request", "session", "g", "config", "current_app");

    /** The built-in configuration keys, read once: Config has no lookup by name, and templates read {@code config['DEBUG']}. */
    private static final List<ConfigKey<?>> BUILT_IN_KEYS = builtInKeys();

    private final Map<String, Object> explicit;
    private final Context context;
    private Map<String, Object> config;

    Variables(Map<String, Object> explicit, Context context) {
        this.explicit = explicit;
        this.context = context;
    }

    @Override
    public Object get(Object key) {
        if (explicit.containsKey(key)) {
            return explicit.get(key);
        }
        return key instanceof String name ? global(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return explicit.containsKey(key) || GLOBALS.contains(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : GLOBALS) {
            all.put(name, global(name));
        }
        all.putAll(explicit);
        return Collections.unmodifiableMap(all).entrySet();
    }

    @Override
    public Set<String> keySet() {
        Set<String> keys = new LinkedHashSet<>(GLOBALS);
        keys.addAll(explicit.keySet());
        return Collections.unmodifiableSet(keys);
    }

    private Object global(String name) {
        if (name.equals("config")) {
            if (config == null) {
                config = config(context);
            }
            return config;
        }
        return global(context, name);
    }

    /** Returns the context global {@code name} of {@code context}, or null when it has none (no request). */
    static Object global(Context context, String name) {
        return switch (name) {
            case "request" -> context.hasRequest() ? context.request() : null;
            case "session" -> context.hasRequest() ? context.session() : null;
            case "g" -> context.g();
            case "current_app" -> context.app();
            case "config" -> config(context);
            default -> null;
        };
    }

    /** Returns the configuration by key name: the built-in keys' values or defaults, then every configured value. */
    private static Map<String, Object> config(Context context) {
        Config c = context.app().config();
        Map<String, Object> out = new LinkedHashMap<>();
        for (ConfigKey<?> key : BUILT_IN_KEYS) {
            c.find(key).ifPresent(v -> out.put(key.name(), v));
        }
        out.putAll(c.asMap());
        return Collections.unmodifiableMap(out);
    }

    private static List<ConfigKey<?>> builtInKeys() {
        return Arrays.stream(Config.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigKey.class)
                .<ConfigKey<?>>map(Variables::read)
                .toList();
    }

    private static ConfigKey<?> read(Field f) {
        try {
            return (ConfigKey<?>) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + f, e);
        }
    }
}
