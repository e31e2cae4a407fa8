package dev.carafe.internal;

import dev.carafe.Action;
import dev.carafe.ErrorHandler;
import dev.carafe.Group;
import dev.carafe.Handler;
import dev.carafe.HttpError;
import dev.carafe.ResponseHook;
import dev.carafe.Route;
import dev.carafe.Teardown;
import java.util.Set;

/** A route group: a thin view over its {@link Scope}. */
public final class GroupImpl implements Group {
    private final Scope scope;

    GroupImpl(Scope scope) {
        this.scope = scope;
    }

    @Override public String name() { return scope.name(); }
    @Override public String urlPrefix() { return scope.prefix(); }

    @Override
    public Route route(Set<String> methods, String rule, String endpoint, Handler handler) {
        return scope.addRoute(methods, rule, endpoint, handler);
    }

    @Override public void beforeRequest(Action action) { scope.beforeRequest(action); }
    @Override public void beforeRequestGuard(Handler guard) { scope.beforeRequestGuard(guard); }
    @Override public void afterRequest(ResponseHook hook) { scope.afterRequest(hook); }
    @Override public void teardownRequest(Teardown teardown) { scope.teardownRequest(teardown); }

    @Override
    public <E extends Throwable> void errorHandler(Class<E> type, ErrorHandler<? super E> handler) {
        scope.errorHandler(type, handler);
    }

    @Override
    public void errorHandler(int status, ErrorHandler<? super HttpError> handler) {
        scope.errorHandler(status, handler);
    }

    @Override
    public Group group(String name, String urlPrefix) {
        return new GroupImpl(scope.child(name, urlPrefix));
    }

    @Override
    public String toString() {
        return "<Group " + name() + " " + urlPrefix() + ">";
    }
}
