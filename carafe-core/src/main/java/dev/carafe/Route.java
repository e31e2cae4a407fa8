package dev.carafe;

import java.util.Objects;
import java.util.Set;

/**
 * A registered route: its endpoint name, URL rule and methods (Flask's {@code url_rule}).
 *
 * @param endpoint the unique name used by {@link Globals#urlFor}; group routes are {@code "group.name"}
 * @param rule     the URL rule with Flask's converters, e.g. {@code /user/<int:id>}
 * @param methods  the methods it was registered for, upper case; a GET route also answers HEAD, and every
 *                 route answers OPTIONS automatically
 */
public record Route(String endpoint, String rule, Set<String> methods) {
    /** Validates and copies. */
    public Route {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(rule, "rule");
        methods = Set.copyOf(methods);
    }
}
