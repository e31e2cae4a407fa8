package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.ContextException;
import java.util.HashMap;
import java.util.Map;

/**
 * The user context objects of one request, shared by the request and its copies for
 * background work: each is made once, on first use, whichever thread asks first.
 *
 * <p>Making holds this object's lock, so two threads asking at once get one object; a factory
 * may read other user contexts (the lock is reentrant), but not, directly or not, its own.
 */
final class UserContextValues {
    private static final Object MAKING = new Object();

    private final Map<UserContextImpl<?>, Object> values = new HashMap<>(4);

    /** Returns the object of {@code key}, making it for {@code ctx}'s request on first use. */
    synchronized Object get(UserContextImpl<?> key, ContextImpl ctx) {
        Object value = values.get(key);
        if (value == MAKING) {
            throw new CarafeException("The factory of user context " + key.type().getName() + " needs "
                    + key.type().getSimpleName() + " itself (directly or through another user context's factory),"
                    + " so it can never finish. Break the cycle: let the factory read the request, not the object"
                    + " it is making.");
        }
        if (value != null) {
            return value;
        }
        if (ctx.shared().released()) {
            throw new ContextException("Cannot make user context " + key.type().getSimpleName() + " for "
                    + ctx + ": the request has ended, and what it owned was released. Read user contexts while"
                    + " the request or a copy of its context is running.");
        }
        values.put(key, MAKING);
        try {
            value = key.make(ctx.requestImpl());
        } finally {
            values.remove(key);
        }
        values.put(key, value);
        if (value instanceof AutoCloseable closeable) {
            // Released, and so closed, after the request and all its copies have ended.
            ctx.registerShared(closeable);
        }
        return value;
    }
}
