package dev.carafe.internal;

/**
 * Knows which context is current on this thread; kept apart from the context itself.
 *
 * <p>Two mechanisms, each for what it does best:
 * <ul>
 *   <li>a thread-local holding the top of this thread's stack of pushed contexts, for
 *       imperative {@code push()} / {@code pop()} and try-with-resources, which a
 *       {@link ScopedValue} cannot express (its bindings are strictly lexical);</li>
 *   <li>a {@link ScopedValue} bound around every request and every {@code ctx.run(...)}, which
 *       {@code StructuredTaskScope} subtasks inherit with no wrapping at all.</li>
 * </ul>
 * The thread's stack wins when it is not empty; a subtask thread has none and falls back to the
 * binding, as long as the bound context has not ended.
 *
 * <p>The thread-local holds a {@link Stack}, made once per thread and then only changed in place:
 * a push reads the thread-local once and a pop not at all (the context keeps the stack it was
 * pushed on). Reading and setting the thread-local itself at each push and pop took four
 * thread-local operations, a fifth of an app context's push and pop in a JFR profile. The stack
 * is threaded through {@link ContextImpl}'s {@code previous}, so a push allocates nothing.
 */
public final class ContextHolder {
    static final ScopedValue<ContextImpl> SCOPED = ScopedValue.newInstance();
    private static final ThreadLocal<Stack> STACKS = new ThreadLocal<>();

    private ContextHolder() {}

    /**
     * One thread's stack of pushed contexts: the top here, the rest through each context's
     * {@code previous}. Only its own thread changes or reads {@link #top}.
     */
    static final class Stack {
        final Thread thread;
        ContextImpl top;

        private Stack(Thread thread) {
            this.thread = thread;
        }
    }

    /** Returns the current context, or null. */
    public static ContextImpl current() {
        Stack stack = STACKS.get();
        ContextImpl top = stack == null ? null : stack.top;
        if (top != null) {
            return top;
        }
        if (!SCOPED.isBound()) {
            return null;
        }
        // The binding outlives the context by a few steps on the thread that ran it (the popped
        // signal, the end of the request); a context that has ended is not current any more.
        ContextImpl scoped = SCOPED.get();
        return scoped.isLive() ? scoped : null;
    }

    /** Returns the top of this thread's pushed stack, ignoring scoped bindings, or null. */
    static ContextImpl top() {
        Stack stack = STACKS.get();
        return stack == null ? null : stack.top;
    }

    /**
     * Returns this thread's stack, made at its first push. It stays for the thread's life: an
     * empty stack holds no context, so nothing leaks into a pooled thread's next task.
     */
    static Stack stack() {
        Stack stack = STACKS.get();
        if (stack == null) {
            stack = new Stack(Thread.currentThread());
            STACKS.set(stack);
        }
        return stack;
    }

    /** Returns the context bound by the nearest enclosing scoped binding, or null. */
    static ContextImpl scoped() {
        return SCOPED.isBound() ? SCOPED.get() : null;
    }
}
