package dev.carafe.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * A node of the router's tree, Werkzeug's state machine: the rules that end here, the static
 * segments that lead on (a hash lookup), and the dynamic parts that lead on, most specific first.
 *
 * <p>Built while routes are registered, then only read; registration ends before the first request.
 */
final class RouteNode {
    /** Orders dynamic parts: segments before tails, more plain text first, then lighter converters, then age. */
    private static final Comparator<Edge> SPECIFIC_FIRST = Comparator
            .comparing((Edge e) -> e.part() instanceof RulePart.Tail)
            .thenComparing(e -> -literalLength(e.part()))
            .thenComparing(e -> weights(e.part()), RouteNode::compareWeights)
            .thenComparingInt(Edge::order);

    private Map<String, RouteNode> statics;
    private final List<Edge> dynamic = new ArrayList<>(0);
    private final List<Def> defs = new ArrayList<>(0);

    /**
     * A dynamic part leading from this node to {@code target}.
     *
     * @param order registration order, the last tie-breaker
     */
    record Edge(RulePart part, RouteNode target, int order) {}

    /**
     * A route ending at this node.
     *
     * @param rule    the parsed rule
     * @param methods the methods registered, upper case
     * @param allow   what {@code Allow} lists for it: the methods plus HEAD (with GET) and OPTIONS, sorted
     * @param entry   what dispatch gets
     */
    record Def(Rule rule, Set<String> methods, SortedSet<String> allow, RouteEntry entry) {}

    /** Returns the node that {@code part} leads to, creating it. */
    RouteNode child(RulePart part, int order) {
        if (part instanceof RulePart.Static s) {
            if (statics == null) {
                statics = new HashMap<>(4);
            }
            return statics.computeIfAbsent(s.text(), k -> new RouteNode());
        }
        for (Edge e : dynamic) {
            if (e.part().key().equals(part.key())) {
                return e.target();
            }
        }
        Edge edge = new Edge(part, new RouteNode(), order);
        dynamic.add(edge);
        dynamic.sort(SPECIFIC_FIRST);
        return edge.target();
    }

    /** Returns the node reached by the static segment {@code segment}, or null. */
    RouteNode staticChild(String segment) {
        return statics == null ? null : statics.get(segment);
    }

    /** Returns the dynamic parts leading on, most specific first. */
    List<Edge> dynamic() {
        return dynamic;
    }

    /** Returns the routes ending here, in registration order. */
    List<Def> defs() {
        return defs;
    }

    /** Returns the route answering {@code method} here: an exact method first, then GET for HEAD; or null. */
    Def find(String method) {
        for (Def d : defs) {
            if (d.methods().contains(method)) {
                return d;
            }
        }
        if (method.equals("HEAD")) {
            for (Def d : defs) {
                if (d.methods().contains("GET")) {
                    return d;
                }
            }
        }
        return null;
    }

    /** Returns whether a route here answers {@code method}, counting the automatic HEAD and OPTIONS. */
    boolean answers(String method) {
        return find(method) != null || (method.equals("OPTIONS") && !defs.isEmpty());
    }

    private static int literalLength(RulePart part) {
        return switch (part) {
            case RulePart.Static s -> s.text().length();
            case RulePart.Single s -> 0;
            case RulePart.Mixed m -> m.literalLength();
            case RulePart.Tail t -> t.key().replaceAll("<[a-z]+>", "").length();
        };
    }

    private static List<Integer> weights(RulePart part) {
        return switch (part) {
            case RulePart.Static s -> List.of();
            case RulePart.Single s -> List.of(s.converter().weight());
            case RulePart.Mixed m -> m.converters().stream().map(Converter::weight).toList();
            case RulePart.Tail t -> t.converters().stream().map(Converter::weight).toList();
        };
    }

    private static int compareWeights(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
