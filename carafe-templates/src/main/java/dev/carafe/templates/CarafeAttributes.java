package dev.carafe.templates;

import dev.carafe.Carafe;
import dev.carafe.G;
import dev.carafe.Headers;
import dev.carafe.Key;
import dev.carafe.Params;
import dev.carafe.Session;
import io.pebbletemplates.pebble.attributes.AttributeResolver;
import io.pebbletemplates.pebble.attributes.ResolvedAttribute;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads attributes of Carafe's objects in templates: {@code request.args.get('q')},
 * {@code session.user}, {@code g.user}, {@code request.headers['User-Agent']}.
 *
 * <p>Carafe's implementation classes are in a package no other module may reflect on, so
 * Pebble's own resolver cannot call them; this one calls the public interface's method
 * instead. Absent values ({@link Optional}) become {@code null}, which templates test with
 * {@code {% if %}}. Like Jinja, a name that is not a method reads an item: the session's value,
 * {@code g}'s value of the key with that name, a query parameter or a header.
 */
final class CarafeAttributes implements AttributeResolver {
    private static final Module CORE = Carafe.class.getModule();
    private static final ResolvedAttribute NOTHING = new ResolvedAttribute(null);

    private final Map<Lookup, Optional<Method>> methods = new ConcurrentHashMap<>();

    /** A method lookup: the receiver's class, the name and the arguments' classes (null for a null argument). */
    private record Lookup(Class<?> type, String name, List<Class<?>> arguments) {}

    @Override
    public ResolvedAttribute resolve(Object instance, Object attributeName, Object[] arguments, ArgumentsNode args,
                                     EvaluationContextImpl context, String filename, int line) {
        String name = String.valueOf(attributeName);
        if (instance instanceof ContextGlobal global) {
            instance = global.target();
            if (instance instanceof Map<?, ?> map) {
                return new ResolvedAttribute(arguments == null ? map.get(name) : null);
            }
            if (instance == null) {
                return NOTHING;
            }
        }
        if (instance == null || instance.getClass().getModule() != CORE) {
            return null;
        }
        if (arguments == null) {
            Optional<Object> item = item(instance, name);
            if (item != null) {
                return new ResolvedAttribute(item.orElse(null));
            }
        }
        Object[] values = arguments == null ? new Object[0] : arguments;
        List<Class<?>> types = new ArrayList<>(values.length);
        for (Object v : values) {
            types.add(v == null ? null : v.getClass());
        }
        Optional<Method> method = methods.computeIfAbsent(new Lookup(instance.getClass(), name, types),
                k -> find(k.type(), k.name(), k.arguments()));
        if (method.isEmpty()) {
            return arguments == null ? new ResolvedAttribute(fallbackItem(instance, name)) : NOTHING;
        }
        try {
            return new ResolvedAttribute(unwrap(method.get().invoke(instance, convert(method.get(), values))));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new PebbleException(cause, "Could not call " + name + ": " + cause.getMessage(), line, filename);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new PebbleException(e, "Could not call " + name + " with " + List.of(values), line, filename);
        }
    }

    /** Returns the item a name reads before any method, or null when methods come first for this type. */
    private static Optional<Object> item(Object instance, String name) {
        return switch (instance) {
            case Session s when s.contains(name) -> s.get(name);
            case G g -> keyNamed(g, name).map(k -> (Object) g.get(k).orElse(null));
            default -> null;
        };
    }

    /** Returns the item read when no method has the name, as Jinja falls back from an attribute to an item. */
    private static Object fallbackItem(Object instance, String name) {
        return switch (instance) {
            case Params p -> p.get(name).orElse(null);
            case Headers h -> h.get(name).orElse(null);
            default -> null;
        };
    }

    private static Optional<Key<?>> keyNamed(G g, String name) {
        for (Key<?> k : g.keys()) {
            if (k.name().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Finds {@code name}, {@code getName} or {@code isName} taking {@code arguments} on a public, exported supertype. */
    private static Optional<Method> find(Class<?> type, String name, List<Class<?>> arguments) {
        String capitalized = name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
        List<String> names = List.of(name, "get" + capitalized, "is" + capitalized);
        for (Class<?> api : publicTypes(type)) {
            for (String candidate : names) {
                for (Method m : api.getMethods()) {
                    if (m.getName().equals(candidate) && accepts(m, arguments) && !Modifier.isStatic(m.getModifiers())
                            && m.getDeclaringClass() != Object.class) {
                        return Optional.of(m);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean accepts(Method m, List<Class<?>> arguments) {
        Class<?>[] params = m.getParameterTypes();
        if (params.length != arguments.size()) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            Class<?> a = arguments.get(i);
            Class<?> p = params[i];
            boolean ok = a == null ? !p.isPrimitive()
                    : p.isAssignableFrom(a) || Number.class.isAssignableFrom(a) && NUMBERS.contains(p)
                    || a == Boolean.class && p == boolean.class;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static final Set<Class<?>> NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class, double.class, Double.class);

    /** Returns the type and its supertypes that other modules may call, the most specific first. */
    private static List<Class<?>> publicTypes(Class<?> type) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        List<Class<?>> out = new ArrayList<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (Modifier.isPublic(c.getModifiers()) && c.getModule().isExported(c.getPackageName())) {
                out.add(c);
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return out;
    }

    /** Converts Pebble's numbers (longs, doubles) to the method's parameter types. */
    private static Object[] convert(Method method, Object[] values) {
        Class<?>[] types = method.getParameterTypes();
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Number n) {
                Class<?> t = types[i];
                if (t == int.class || t == Integer.class) {
                    out[i] = n.intValue();
                } else if (t == long.class || t == Long.class) {
                    out[i] = n.longValue();
                } else if (t == double.class || t == Double.class) {
                    out[i] = n.doubleValue();
                }
            }
        }
        return out;
    }

    /** Returns the value of an optional, or null when absent: templates have no optionals. */
    static Object unwrap(Object value) {
        return switch (value) {
            case Optional<?> o -> o.orElse(null);
            case OptionalInt o -> o.isPresent() ? o.getAsInt() : null;
            case OptionalLong o -> o.isPresent() ? o.getAsLong() : null;
            case OptionalDouble o -> o.isPresent() ? o.getAsDouble() : null;
            case null, default -> value;
        };
    }
}
