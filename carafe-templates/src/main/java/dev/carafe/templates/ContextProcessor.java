package dev.carafe.templates;

import java.util.Map;

/**
 * Adds names to templates: Flask's {@code context_processor}. Registered with
 * {@link Templates#contextProcessor(ContextProcessor)} for every template, or with
 * {@link Templates#contextProcessor(dev.carafe.Group, ContextProcessor)} for the templates
 * rendered by one route group's handlers.
 * <pre>{@code
 * templates.contextProcessor(() -> Map.of("year", Year.now().getValue()));
 * }</pre>
 */
@FunctionalInterface
public interface ContextProcessor {
    /**
     * Returns the names and values to add; called on every render, in the render's context,
     * so it may read {@code request()} or {@code g()}.
     *
     * @throws Exception any failure; it propagates from the render
     */
    Map<String, ?> variables() throws Exception;
}
