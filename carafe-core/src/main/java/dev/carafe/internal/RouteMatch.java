package dev.carafe.internal;

import java.util.Map;
import java.util.Set;

/** The result of matching a method and path: what dispatch does next. Never throws. */
public sealed interface RouteMatch {
    /** A route matched; {@code params} holds the converted path parameters. */
    record Found(RouteEntry entry, Map<String, Object> params) implements RouteMatch {}

    /** No rule matches the path: 404. */
    record NotFound() implements RouteMatch {}

    /** Rules match the path but not the method: 405 with {@code Allow}. */
    record MethodNotAllowed(Set<String> allowed) implements RouteMatch {}

    /** The rule has a trailing slash the request lacks: 308 to {@code location} (a path plus query). */
    record Redirect(String location) implements RouteMatch {}

    /** An OPTIONS request that no route answers itself: 200 with {@code Allow}. */
    record Options(Set<String> allowed) implements RouteMatch {}

    /** The path could not be matched because it is malformed: 400 with {@code message}. */
    record BadPath(String message) implements RouteMatch {}
}
