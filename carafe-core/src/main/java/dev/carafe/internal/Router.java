package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.Handler;
import dev.carafe.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PLACEHOLDER routing table: exact static paths only. The routing work replaces this file
 * with the real router (converters, trailing-slash redirects, URL building).
 */
public final class Router {
    private final List<RouteEntry> entries = new ArrayList<>();

    Route add(String rule, String endpoint, Set<String> methods, Scope scope, Handler handler) {
        Route route = new Route(endpoint, rule, methods);
        entries.add(new RouteEntry(route, scope, handler));
        return route;
    }

    /** Matches {@code method} and the decoded {@code path}. */
    public RouteMatch match(String method, String path) {
        for (RouteEntry e : entries) {
            if (e.route().rule().equals(path) && (e.route().methods().contains(method)
                    || method.equals("HEAD") && e.route().methods().contains("GET"))) {
                return new RouteMatch.Found(e, Map.of());
            }
        }
        return new RouteMatch.NotFound();
    }

    /** Builds the path (and query) for {@code endpoint}. */
    public String build(String endpoint, Map<String, ?> params) {
        for (RouteEntry e : entries) {
            if (e.route().endpoint().equals(endpoint)) {
                return e.route().rule();
            }
        }
        throw new CarafeException("Could not build a URL for endpoint '" + endpoint + "'.");
    }

    /** Returns every route sorted by rule. */
    public List<Route> routes() {
        return entries.stream().map(RouteEntry::route).sorted(Comparator.comparing(Route::rule)).toList();
    }
}
