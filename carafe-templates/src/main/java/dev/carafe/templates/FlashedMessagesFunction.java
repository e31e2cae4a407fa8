package dev.carafe.templates;

import dev.carafe.Flash;
import dev.carafe.Globals;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flask's {@code get_flashed_messages(with_categories=false, category_filter=[])} in templates:
 * the messages, or with categories {@link Flash} records ({@code f.category}, {@code f.message}).
 * Reading them removes them from the session, as in Flask. Outside a request there are none.
 */
final class FlashedMessagesFunction implements Function {
    private static final List<String> ARGUMENTS = List.of("with_categories", "category_filter");

    @Override
    public List<String> getArgumentNames() {
        return ARGUMENTS;
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
        if (!Globals.hasRequestContext()) {
            return List.of();
        }
        Set<String> only = switch (args.get("category_filter")) {
            case null -> Set.of();
            case Collection<?> c -> Set.copyOf(c.stream().map(String::valueOf).toList());
            case Object o -> Set.of(String.valueOf(o));
        };
        List<Flash> flashes = Globals.flashedMessages().stream()
                .filter(f -> only.isEmpty() || only.contains(f.category()))
                .toList();
        return Boolean.TRUE.equals(args.get("with_categories")) ? flashes : flashes.stream().map(Flash::message).toList();
    }
}
