package dev.carafe.templates;

import java.util.Set;

/** Finds the module of the app code that called into this module, to search its templates. */
final class Callers {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** The entry points that name a class-path folder on behalf of their caller. */
    private static final Set<Class<?>> ENTRY_POINTS = Set.of(Callers.class, TemplateSource.class, Templates.class);

    private Callers() {}

    /** Returns the module of the code that called the entry point. */
    static Module callerModule() {
        return WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !ENTRY_POINTS.contains(c))
                .findFirst()
                .map(Class::getModule)
                .orElse(Callers.class.getModule()));
    }
}
