package dev.carafe.internal;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.ContextException;
import dev.carafe.Globals;
import dev.carafe.Key;
import dev.carafe.Request;
import dev.carafe.UserContext;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One app's registration of a user context type: the factory, and the lookup of the object in
 * the current request. The objects live in the request's {@link UserContextValues}, which the
 * request and its copies share.
 *
 * @param <T> the type of the object
 */
public final class UserContextImpl<T> implements UserContext<T> {
    private static final Key<Registry> REGISTRY = Key.of("carafe.user-contexts", Registry.class);

    private final App app;
    private final Class<T> type;
    private final Function<? super Request, ? extends T> factory;

    private UserContextImpl(App app, Class<T> type, Function<? super Request, ? extends T> factory) {
        this.app = app;
        this.type = type;
        this.factory = factory;
    }

    /** Registers {@code type} on {@code app}; see {@link Carafe#userContext(Class, Function)}. */
    static <T> UserContext<T> register(App app, Class<T> type, Function<? super Request, ? extends T> factory) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        app.checkSetup("userContext");
        UserContextImpl<T> created = new UserContextImpl<>(app, type, factory);
        UserContextImpl<?> old = registry(app).byType.putIfAbsent(type, created);
        if (old != null) {
            throw new CarafeException("A user context of type " + type.getName() + " is already registered on app '"
                    + app.name() + "'. Register each type once, keep the UserContext it returns in a constant, and"
                    + " read it with that constant's current() or with Globals.userContext(" + type.getSimpleName()
                    + ".class).");
        }
        return created;
    }

    /**
     * Returns the current request's object of {@code type}, looked up in the current app; see
     * {@link Globals#userContext(Class)}.
     */
    public static <T> T current(Class<T> type) {
        Objects.requireNonNull(type, "type");
        ContextImpl ctx = currentRequestContext();
        UserContextImpl<?> found = registry(ctx.appImpl()).byType.get(type);
        if (found == null) {
            throw new CarafeException("No user context of type " + type.getName() + " is registered on app '"
                    + ctx.appImpl().name() + "'. Register it during setup: app.userContext(" + type.getSimpleName()
                    + ".class, request -> new " + type.getSimpleName() + "(...)).");
        }
        return type.cast(found.valueIn(ctx));
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public Carafe app() {
        return app;
    }

    @Override
    public T current() {
        ContextImpl ctx = currentRequestContext();
        if (ctx.appImpl() != app) {
            throw new ContextException("The user context " + type.getSimpleName() + " is registered on app '"
                    + app.name() + "', but the current request belongs to app '" + ctx.appImpl().name() + "'. Register"
                    + " it on that app too, and read it there with Globals.userContext(" + type.getSimpleName()
                    + ".class), which looks in the current app.");
        }
        return valueIn(ctx);
    }

    private T valueIn(ContextImpl ctx) {
        return type.cast(ctx.shared().userContexts().get(this, ctx));
    }

    /** Makes the object for {@code request}; called at most once per request, by {@link UserContextValues}. */
    Object make(Request request) {
        T value = factory.apply(request);
        if (value == null) {
            throw new CarafeException("The factory of user context " + type.getName() + " on app '" + app.name()
                    + "' returned null. It must return an object; use Optional fields inside it for absent values.");
        }
        return type.cast(value);
    }

    private static ContextImpl currentRequestContext() {
        // Globals.request() throws the standard "outside of request context" and "no request in
        // this context" errors, so user contexts say exactly what request() says.
        Globals.request();
        return ContextHolder.current();
    }

    private static Registry registry(App app) {
        return app.extensions().computeIfAbsent(REGISTRY, Registry::new);
    }

    @Override
    public String toString() {
        return "UserContext[" + type.getSimpleName() + " of " + app.name() + "]";
    }

    /** The user context types registered on one app. */
    static final class Registry {
        final Map<Class<?>, UserContextImpl<?>> byType = new ConcurrentHashMap<>();
    }
}
