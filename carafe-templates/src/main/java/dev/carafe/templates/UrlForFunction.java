package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.Globals;
import dev.carafe.Request;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flask's {@code url_for} in templates: {@code url_for('user', id=7)}, with the current app's
 * {@link Carafe#urlFor}; {@code _external=true} gives an absolute URL, and the {@code static}
 * endpoint ({@code url_for('static', filename='site.css')}) points under {@code STATIC_URL_PATH}.
 * Parameters also come as a map ({@code url_for('user', {'id': 7})}) or as names and values.
 */
final class UrlForFunction implements Function {
    private static final String USAGE = " Call it as url_for('endpoint', name=value, ...), e.g. url_for('user', id=7).";

    /** The endpoint first, then any keyword (Pebble drops named arguments a function does not list). */
    private static final List<String> ARGUMENTS = new AbstractList<>() {
        @Override public String get(int index) { return index == 0 ? "endpoint" : "#" + index; }
        @Override public int size() { return 64; }
        @Override public boolean contains(Object name) { return name instanceof String; }
    };

    @Override
    public List<String> getArgumentNames() {
        return ARGUMENTS;
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
        try {
            return urlFor(args);
        } catch (CarafeException | IllegalArgumentException e) {
            throw new PebbleException(e, "url_for: " + e.getMessage(), line, self.getName());
        }
    }

    private static String urlFor(Map<String, Object> args) {
        if (!(args.get("endpoint") instanceof String endpoint) || endpoint.isEmpty()) {
            throw new IllegalArgumentException("the endpoint is missing or not a string." + USAGE);
        }
        Map<String, Object> params = new TreeMap<>();
        int extra = (int) args.keySet().stream().filter(k -> k.startsWith("#")).count();
        if (extra == 1 && args.get("#1") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> params.put(String.valueOf(k), v));
        } else if (extra % 2 == 0) {
            for (int i = 1; i < extra; i += 2) {
                params.put(String.valueOf(args.get("#" + i)), args.get("#" + (i + 1)));
            }
        } else {
            throw new IllegalArgumentException("parameters after the endpoint must be name=value pairs." + USAGE);
        }
        args.forEach((k, v) -> {
            if (!k.equals("endpoint") && !k.startsWith("#")) {
                params.put(k, v);
            }
        });
        boolean external = Boolean.TRUE.equals(params.remove("_external"));
        Carafe app = Globals.currentApp();
        String path = app.urlFor(endpoint, params);   // the core knows Flask's 'static' endpoint too
        return external ? origin(app) + path : path;
    }

    /** Returns {@code scheme://host} of the request, or of SERVER_NAME outside one (Flask's rule for {@code _external}). */
    private static String origin(Carafe app) {
        if (Globals.hasRequestContext()) {
            Request request = Globals.request();
            return request.scheme() + "://" + request.host();
        }
        String server = app.config().find(Config.SERVER_NAME).orElseThrow(() -> new IllegalArgumentException(
                "cannot build an external URL outside a request without SERVER_NAME. Set SERVER_NAME (e.g."
                        + " example.com) in the configuration, or drop _external."));
        return app.config().get(Config.PREFERRED_URL_SCHEME) + "://" + server;
    }
}
