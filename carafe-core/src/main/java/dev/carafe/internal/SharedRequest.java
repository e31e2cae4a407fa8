package dev.carafe.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a request and its copies for background work share, and release once, after the last of
 * them ends: uploaded files, a closeable user context and the like.
 *
 * <p>Flask closes the request (and its uploaded files) when a copy ends, while the request may
 * still use them (pallets/flask#5399); here every holder counts, whatever order they end in.
 */
final class SharedRequest {
    private final AtomicInteger holders = new AtomicInteger(1);
    private final List<AutoCloseable> resources = new ArrayList<>(2);
    /** Guards the session the request and its copies share, and its save into the response. */
    final Object sessionLock = new Object();
    private volatile boolean responseMade;
    private volatile boolean sessionAccessed;
    private volatile boolean responseSent;
    private final UserContextValues userContexts = new UserContextValues();

    /** Adds a holder (a new copy); returns false, adding none, when everything was already released. */
    boolean tryAcquire() {
        return holders.getAndUpdate(n -> n <= 0 ? n : n + 1) > 0;
    }

    /** Registers a resource released after the last holder ends. */
    synchronized void register(AutoCloseable resource) {
        resources.add(resource);
    }

    /** Ends one holder; the last one closes the resources, newest first. */
    void release(List<Throwable> errors) {
        if (holders.decrementAndGet() != 0) {
            return;
        }
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Throwable t) {
                errors.add(t);
            }
        }
    }

    /** Returns the request's user context objects, shared by the request and its copies. */
    UserContextValues userContexts() {
        return userContexts;
    }

    /** Returns whether the last holder has ended, so the resources were released. */
    boolean released() {
        return holders.get() <= 0;
    }

    /** Returns whether the response was made: its hooks ran and the session was saved into it. */
    boolean responseMade() {
        return responseMade;
    }

    /** Returns whether the exchange is over: the response was written, the unread body is gone. */
    boolean responseSent() {
        return responseSent;
    }

    /** Returns whether the request or a copy reached the session (so the response varies by cookie). */
    boolean sessionAccessed() {
        return sessionAccessed;
    }

    void markSessionAccessed() {
        sessionAccessed = true;
    }

    void markResponseMade() {
        responseMade = true;
    }

    void markResponseSent() {
        responseMade = true;
        responseSent = true;
    }
}
