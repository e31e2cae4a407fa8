package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.Handler;
import dev.carafe.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * The routing table of an app: matches a method and path to a route, and builds URLs back
 * from endpoint names (Werkzeug's {@code Map}).
 *
 * <p>Matching follows Werkzeug's state machine. Rules form a tree of segments; at each node
 * static segments are tried first, then dynamic ones from the most specific (more plain text,
 * then {@code int}/{@code float}/{@code uuid}, then {@code string}, then {@code path}),
 * backtracking when a branch fails. The first rule that matches the path <em>and</em> the
 * method wins; rules matching only the path give a 405 with {@code Allow}. A rule ending in
 * {@code /} requested without it gives a redirect; the reverse is a 404 (strict slashes).
 * Fully static paths are also kept in a hash map, so the common case is one lookup that
 * allocates nothing; no regular expression is compiled while matching.
 *
 * <p>Registration happens before the first request ({@code App.checkSetup}); afterwards the
 * table is only read, from any thread.
 */
public final class Router {
    private static final RouteMatch NOT_FOUND = new RouteMatch.NotFound();

    private final RouteNode root = new RouteNode();
    /** Decoded static path → method → the precomputed match (HEAD included where GET answers it). */
    private final Map<String, Map<String, RouteMatch.Found>> statics = new HashMap<>();
    private final Map<String, Rule> endpoints = new HashMap<>();
    private final List<RouteEntry> entries = new ArrayList<>();
    private int maxParams;
    private Rule staticFiles;

    /**
     * Makes {@code urlFor("static", "filename", ...)} build {@code urlPath/<filename>}, the URL the
     * server serves static files under (Flask's {@code static} endpoint), unless a route of the
     * app takes the endpoint name {@code static}. Matching is the server's: no route is added. An
     * empty {@code urlPath} (no static files) or one that is not a path adds no endpoint; the
     * server adapter reports a malformed one when it starts.
     */
    void staticFiles(String urlPath) {
        String path = urlPath.trim();
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        try {
            staticFiles = !prefix.startsWith("/") || prefix.contains("<") ? null : Rule.parse(prefix + "/<path:filename>");
        } catch (IllegalArgumentException notAPath) {
            staticFiles = null;
        }
    }

    /**
     * Registers a route.
     *
     * @throws IllegalArgumentException when the rule is malformed, the endpoint already names
     *     another rule, or the rule (or one matching the same URLs) already has one of the methods
     */
    synchronized Route add(String rule, String endpoint, Set<String> methods, Scope scope, Handler handler) {
        Rule parsed = Rule.parse(rule);
        Set<String> upper = new LinkedHashSet<>();
        for (String m : methods) {
            String u = m.trim().toUpperCase(Locale.ROOT);
            if (u.isEmpty() || !u.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("method must be a token such as GET, was \"" + m + "\" (rule " + rule + ")");
            }
            upper.add(u);
        }
        Rule named = endpoints.get(endpoint);
        if (named != null && !named.text().equals(rule)) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' already names rule " + named.text()
                    + "; give rule " + rule + " another endpoint name");
        }
        RouteNode node = root;
        for (int i = 0; i < parsed.parts().size(); i++) {
            node = node.child(parsed.parts().get(i), entries.size());
        }
        for (RouteNode.Def d : node.defs()) {
            for (String m : upper) {
                if (d.methods().contains(m)) {
                    String same = d.rule().text().equals(rule) ? "rule " + rule + " already has"
                            : "rule " + rule + " matches the same URLs as " + d.rule().text() + ", which already has";
                    throw new IllegalArgumentException(same + " a " + m + " route (endpoint '"
                            + d.entry().route().endpoint() + "'); register each method of a URL once");
                }
            }
        }
        SortedSet<String> allow = new TreeSet<>(upper);
        if (upper.contains("GET")) {
            allow.add("HEAD");
        }
        allow.add("OPTIONS");
        Route route = new Route(endpoint, rule, allow);
        RouteEntry entry = new RouteEntry(route, scope, handler);
        node.defs().add(new RouteNode.Def(parsed, Set.copyOf(upper), Collections.unmodifiableSortedSet(allow), entry));
        if (parsed.isStatic()) {
            statics.put(rule, staticMatches(node));
        }
        endpoints.put(endpoint, parsed);
        entries.add(entry);
        maxParams = Math.max(maxParams, parsed.params().size());
        return route;
    }

    private static Map<String, RouteMatch.Found> staticMatches(RouteNode node) {
        Map<String, RouteMatch.Found> byMethod = new HashMap<>();
        for (RouteNode.Def d : node.defs()) {
            for (String m : d.methods()) {
                byMethod.put(m, new RouteMatch.Found(d.entry(), Map.of()));
            }
        }
        RouteMatch.Found get = byMethod.get("GET");
        if (get != null) {
            byMethod.putIfAbsent("HEAD", get);
        }
        return byMethod;
    }

    /** Matches {@code method} (upper case) and the decoded {@code path}; never throws. */
    public RouteMatch match(String method, String path) {
        Map<String, RouteMatch.Found> s = statics.get(path);
        if (s != null) {
            RouteMatch.Found f = s.get(method);
            if (f != null) {
                return f;
            }
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            return NOT_FOUND;
        }
        Search search = new Search(method, path, maxParams);
        RouteMatch found = search.walk(root, 1, 0);
        if (found != null) {
            return found;
        }
        if (search.allowed != null) {
            SortedSet<String> allowed = Collections.unmodifiableSortedSet(search.allowed);
            return method.equals("OPTIONS") ? new RouteMatch.Options(allowed) : new RouteMatch.MethodNotAllowed(allowed);
        }
        return NOT_FOUND;
    }

    /** One depth-first search through the tree, with the values matched so far. */
    private static final class Search {
        final String method;
        final String path;
        final Object[] values;
        TreeSet<String> allowed;

        Search(String method, String path, int maxParams) {
            this.method = method;
            this.path = path;
            this.values = new Object[maxParams];
        }

        /** Matches the path from {@code pos} (past its end: nothing left) with {@code n} values so far. */
        RouteMatch walk(RouteNode node, int pos, int n) {
            if (pos > path.length()) {
                return atEnd(node, n);
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = path.length();
            }
            RouteNode next = node.staticChild(path.substring(pos, end));
            if (next != null) {
                RouteMatch r = walk(next, end + 1, n);
                if (r != null) {
                    return r;
                }
            }
            for (RouteNode.Edge e : node.dynamic()) {
                RouteMatch r = switch (e.part()) {
                    case RulePart.Single single -> {
                        Object v = single.converter().toValue(path.substring(pos, end));
                        if (v == null) {
                            yield null;
                        }
                        values[n] = v;
                        yield walk(e.target(), end + 1, n + 1);
                    }
                    case RulePart.Mixed mixed -> {
                        int k = convert(mixed.regex().matcher(path).region(pos, end), mixed.converters(), n);
                        yield k < 0 ? null : walk(e.target(), end + 1, n + k);
                    }
                    case RulePart.Tail tail -> {
                        int k = convert(tail.regex().matcher(path).region(pos, path.length()), tail.converters(), n);
                        yield k < 0 ? null : walk(e.target(), path.length() + 1, n + k);
                    }
                    case RulePart.Static st -> null; // static parts are in the hash map, never edges
                };
                if (r != null) {
                    return r;
                }
            }
            return null;
        }

        /** Stores the converted groups of a full match at {@code n}; returns how many, or -1 for no match. */
        private int convert(Matcher m, List<Converter> converters, int n) {
            if (!m.matches()) {
                return -1;
            }
            for (int g = 0; g < converters.size(); g++) {
                Object v = converters.get(g).toValue(m.group(g + 1));
                if (v == null) {
                    return -1;
                }
                values[n + g] = v;
            }
            return converters.size();
        }

        private RouteMatch atEnd(RouteNode node, int n) {
            RouteNode.Def d = node.find(method);
            if (d != null) {
                return new RouteMatch.Found(d.entry(), params(d.rule(), n));
            }
            for (RouteNode.Def other : node.defs()) {
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.addAll(other.allow());
            }
            RouteNode slash = node.staticChild("");
            if (slash != null && slash.answers(method)) {
                // Werkzeug stops at the first rule that needs the slash: redirect there.
                return new RouteMatch.Redirect(UrlCodec.encodePath(path + "/"));
            }
            return null;
        }

        private Map<String, Object> params(Rule rule, int n) {
            if (n == 0) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                out.put(rule.params().get(i), values[i]);
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * Builds the path of {@code endpoint}: parameters of the rule fill it (converted and
     * percent-encoded), the others become the query string, in order (a {@code Collection} value
     * gives the name once per element; null values are left out), and {@code _anchor} becomes
     * the fragment.
     *
     * @throws CarafeException when the endpoint is unknown, a path parameter is missing, or a
     *     value does not fit its converter; the message names the endpoint and the parameter
     */
    public String build(String endpoint, Map<String, ?> params) {
        Rule rule = endpoints.get(endpoint);
        if (rule == null && endpoint.equals("static")) {
            rule = staticFiles;
        }
        if (rule == null) {
            throw new CarafeException(unknownEndpoint(endpoint));
        }
        StringBuilder url = new StringBuilder(rule.text().length() + 16);
        List<String> missing = new ArrayList<>(0);
        for (Rule.Piece piece : rule.pieces()) {
            switch (piece) {
                case Rule.Literal lit -> url.append(lit.encoded());
                case Rule.Param p -> {
                    Object v = params.get(p.name());
                    if (v == null) {
                        missing.add(p.name());
                        continue;
                    }
                    try {
                        url.append(p.converter().toUrl(v));
                    } catch (IllegalArgumentException e) {
                        throw new CarafeException("Could not build a URL for endpoint '" + endpoint + "' (rule "
                                + rule.text() + "): the path parameter '" + p.name() + "' " + e.getMessage() + ".");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CarafeException("Could not build a URL for endpoint '" + endpoint + "' (rule " + rule.text()
                    + "): " + (missing.size() == 1 ? "the path parameter '" + missing.getFirst() + "' is missing"
                    : "the path parameters '" + String.join("', '", missing) + "' are missing") + ". Pass "
                    + (missing.size() == 1 ? "it" : "them") + ", e.g. urlFor(\"" + endpoint + "\", \""
                    + missing.getFirst() + "\", value).");
        }
        char sep = '?';
        Object anchor = null;
        for (Map.Entry<String, ?> e : params.entrySet()) {
            if (e.getKey().equals("_anchor")) {
                anchor = e.getValue();
                continue;
            }
            if (rule.params().contains(e.getKey()) || e.getValue() == null) {
                continue;
            }
            Collection<?> values = e.getValue() instanceof Collection<?> c ? c : List.of(e.getValue());
            for (Object v : values) {
                if (v != null) {
                    url.append(sep).append(UrlCodec.encodeQuery(e.getKey())).append('=')
                            .append(UrlCodec.encodeQuery(v.toString()));
                    sep = '&';
                }
            }
        }
        if (anchor != null) {
            url.append('#').append(UrlCodec.encodeFragment(anchor.toString()));
        }
        return url.toString();
    }

    private String unknownEndpoint(String endpoint) {
        String start = "Could not build a URL for endpoint '" + endpoint + "': no route has that endpoint name.";
        List<String> close = closeMatches(endpoint);
        if (!close.isEmpty()) {
            return start + " Did you mean '" + String.join("', '", close) + "'?";
        }
        return start + " A route's endpoint is its rule unless you name it, as in app.get(\"/user/<int:id>\", \"user\","
                + " handler); routes of a group are named \"group.endpoint\"; \".endpoint\" means the current group's.";
    }

    /** Returns up to three endpoints resembling {@code endpoint}: by rule, by suffix, or by edit distance. */
    private List<String> closeMatches(String endpoint) {
        Set<String> out = new LinkedHashSet<>();
        endpoints.forEach((name, rule) -> {
            if (rule.text().equals(endpoint)) {
                out.add(name);
            }
        });
        endpoints.keySet().stream().filter(name -> name.endsWith("." + endpoint)).sorted().forEach(out::add);
        endpoints.keySet().stream()
                .filter(name -> similarity(name, endpoint) >= 0.6)
                .sorted(Comparator.comparingDouble((String name) -> -similarity(name, endpoint)).thenComparing(name -> name))
                .forEach(out::add);
        return out.stream().limit(3).toList();
    }

    /** Returns 1 minus the edit distance over the longer length (difflib's cutoff of 0.6 is about one edit in three). */
    private static double similarity(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) prev[b.length()] / longer;
    }

    /** Returns every route sorted by rule, then endpoint. */
    public List<Route> routes() {
        return entries.stream().map(RouteEntry::route)
                .sorted(Comparator.comparing(Route::rule).thenComparing(Route::endpoint)).toList();
    }
}
