package dev.carafe.templates;

import dev.carafe.Globals;

/**
 * A context global ({@code request}, {@code session}, {@code g}, {@code config},
 * {@code current_app}) as macros see it: a proxy that reads the current context when used,
 * like the proxies Flask puts in Jinja's globals. Pebble gives macros the engine's global
 * variables but not the render's variables, and its globals are fixed when the engine is
 * built, so a proxy is the only way for a macro to see the context.
 *
 * @param name the global's name
 */
record ContextGlobal(String name) {
    /** Returns what the name stands for in the current context, or null (no request, no context). */
    Object target() {
        return Globals.currentContext().map(context -> Variables.global(context, name)).orElse(null);
    }

    @Override
    public String toString() {
        return String.valueOf(target());
    }
}
