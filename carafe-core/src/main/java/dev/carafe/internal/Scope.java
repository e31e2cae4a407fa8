package dev.carafe.internal;

import dev.carafe.Action;
import dev.carafe.ErrorHandler;
import dev.carafe.Handler;
import dev.carafe.HttpError;
import dev.carafe.ResponseHook;
import dev.carafe.Route;
import dev.carafe.Teardown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hooks and error handlers of the app or of one route group (Flask's per-blueprint registries).
 */
public final class Scope {
    private final App app;
    private final Scope parent;
    private final String name;
    private final String prefix;
    private final List<Handler> beforeRequest = new ArrayList<>();
    private final List<ResponseHook> afterRequest = new ArrayList<>();
    private final List<Teardown> teardownRequest = new ArrayList<>();
    private final Map<Integer, ErrorHandler<? super HttpError>> statusHandlers = new HashMap<>();
    private final Map<Class<?>, ErrorHandler<?>> classHandlers = new LinkedHashMap<>();
    private final List<Scope> chainInnerFirst;
    private final List<Scope> chainOuterFirst;

    Scope(App app, Scope parent, String name, String prefix) {
        this.app = app;
        this.parent = parent;
        this.name = name;
        this.prefix = prefix;
        List<Scope> inner = new ArrayList<>();
        for (Scope s = this; s != null; s = s.parent) {
            inner.add(s);
        }
        this.chainInnerFirst = List.copyOf(inner);
        this.chainOuterFirst = List.copyOf(inner.reversed());
    }

    /** Returns the dotted group name; empty for the app. */
    public String name() {
        return name;
    }

    /** Returns the full URL prefix; empty for the app. */
    public String prefix() {
        return prefix;
    }

    /** Returns whether this is the app's own scope. */
    public boolean isApp() {
        return parent == null;
    }

    /** Returns this scope and its parents, innermost first, ending with the app. */
    public List<Scope> chainInnerFirst() {
        return chainInnerFirst;
    }

    /** Returns the app's scope first, then groups outer to inner, ending with this one. */
    public List<Scope> chainOuterFirst() {
        return chainOuterFirst;
    }

    /** Returns the group names owning this scope, innermost first (Flask's {@code request.blueprints}). */
    public List<String> groupNames() {
        List<String> names = new ArrayList<>();
        for (Scope s : chainInnerFirst) {
            if (!s.isApp()) {
                names.add(s.name);
            }
        }
        return names;
    }

    Route addRoute(Set<String> methods, String rule, String endpoint, Handler handler) {
        app.checkSetup("route");
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a route needs at least one method, rule " + rule);
        }
        if (!rule.startsWith("/")) {
            throw new IllegalArgumentException("rule must start with '/', was \"" + rule + "\"");
        }
        java.util.Objects.requireNonNull(handler, "handler");
        String fullEndpoint = isApp() ? endpoint : name + "." + endpoint;
        String fullRule = prefix + rule;
        return app.router().add(fullRule, fullEndpoint, methods, this, handler);
    }

    void beforeRequest(Action action) {
        java.util.Objects.requireNonNull(action, "action");
        app.checkSetup("beforeRequest");
        beforeRequest.add(() -> {
            action.run();
            return null;
        });
    }

    void beforeRequestGuard(Handler guard) {
        app.checkSetup("beforeRequestGuard");
        beforeRequest.add(java.util.Objects.requireNonNull(guard, "guard"));
    }

    void afterRequest(ResponseHook hook) {
        app.checkSetup("afterRequest");
        afterRequest.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    void teardownRequest(Teardown teardown) {
        app.checkSetup("teardownRequest");
        teardownRequest.add(java.util.Objects.requireNonNull(teardown, "teardown"));
    }

    <E extends Throwable> void errorHandler(Class<E> type, ErrorHandler<? super E> handler) {
        app.checkSetup("errorHandler");
        classHandlers.put(java.util.Objects.requireNonNull(type, "type"), java.util.Objects.requireNonNull(handler, "handler"));
    }

    void errorHandler(int status, ErrorHandler<? super HttpError> handler) {
        app.checkSetup("errorHandler");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("error handler status must be 400..599, was " + status);
        }
        statusHandlers.put(status, java.util.Objects.requireNonNull(handler, "handler"));
    }

    Scope child(String childName, String childPrefix) {
        app.checkSetup("group");
        if (childName == null || childName.isBlank() || childName.contains(".")) {
            throw new IllegalArgumentException("group name must be non-blank and contain no '.', was \"" + childName + "\"");
        }
        if (!childPrefix.isEmpty() && (!childPrefix.startsWith("/") || childPrefix.endsWith("/"))) {
            throw new IllegalArgumentException("group prefix must start with '/' and not end with '/', was \"" + childPrefix + "\"");
        }
        return new Scope(app, this, isApp() ? childName : name + "." + childName, prefix + childPrefix);
    }

    List<Handler> beforeRequestFunctions() {
        return beforeRequest;
    }

    List<ResponseHook> afterRequestFunctions() {
        return afterRequest;
    }

    List<Teardown> teardownRequestFunctions() {
        return teardownRequest;
    }

    ErrorHandler<? super HttpError> statusHandler(int status) {
        return statusHandlers.get(status);
    }

    /** Returns the handler for the most specific registered superclass of {@code type} (Flask walks the MRO), or null. */
    ErrorHandler<?> classHandler(Class<?> type) {
        if (classHandlers.isEmpty()) {
            return null;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ErrorHandler<?> h = classHandlers.get(c);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return isApp() ? "<app scope>" : "<group " + name + ">";
    }
}
