package dev.carafe.internal;

import dev.carafe.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One app's signal receivers. Sending a signal nobody listens to costs one read of an array
 * that is usually empty.
 *
 * <p>Every push and pop sends three signals that almost no app listens to; looking each up in a
 * {@code ConcurrentHashMap} took a twentieth of an app context's push and pop in a JFR profile.
 * A signal's entry is added once, at its first receiver, and never removed, so the array is
 * replaced only by {@link #connect} and read without a lock.
 */
public final class Signals {
    private volatile Connected[] connected = new Connected[0];

    /** A signal that has had receivers, with its receivers in registration order. */
    private record Connected(Signal<?> signal, CopyOnWriteArrayList<Signal.Receiver<?>> receivers) {}

    synchronized <E> void connect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        Connected entry = find(signal);
        if (entry == null) {
            entry = new Connected(signal, new CopyOnWriteArrayList<>());
            Connected[] grown = Arrays.copyOf(connected, connected.length + 1);
            grown[grown.length - 1] = entry;
            connected = grown;
        }
        entry.receivers().add(receiver);
    }

    <E> boolean disconnect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        Connected entry = find(signal);
        return entry != null && entry.receivers().remove(receiver);
    }

    /** Returns the entry of {@code signal}, or null when it never had a receiver. */
    private Connected find(Signal<?> signal) {
        // A linear scan: an app listens to a handful of signals, and signals compare by identity.
        for (Connected entry : connected) {
            if (entry.signal() == signal) {
                return entry;
            }
        }
        return null;
    }

    /** Returns whether anyone listens to {@code signal}. */
    public boolean hasReceivers(Signal<?> signal) {
        Connected entry = find(signal);
        return entry != null && !entry.receivers().isEmpty();
    }

    /** Sends {@code event}; the first failing receiver's exception propagates (wrapped if checked). */
    @SuppressWarnings("unchecked")
    public <E> void send(Signal<E> signal, E event) {
        Connected entry = find(signal);
        if (entry == null) {
            return;
        }
        for (Signal.Receiver<?> r : entry.receivers()) {
            try {
                ((Signal.Receiver<E>) r).receive(event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new SignalException(signal, e);
            }
        }
    }

    /**
     * Sends {@code event} to every receiver, collecting failures instead of stopping (teardown
     * signals); returns {@code errors}, made if null and needed, with the failures added.
     */
    @SuppressWarnings("unchecked")
    public <E> List<Throwable> sendCollecting(Signal<E> signal, E event, List<Throwable> errors) {
        Connected entry = find(signal);
        if (entry == null) {
            return errors;
        }
        for (Signal.Receiver<?> r : entry.receivers()) {
            try {
                ((Signal.Receiver<E>) r).receive(event);
            } catch (Throwable t) {
                errors = Teardowns.add(errors, t);
            }
        }
        return errors;
    }

    /** A checked exception thrown by a signal receiver. */
    static final class SignalException extends dev.carafe.CarafeException {
        private static final long serialVersionUID = 1L;

        SignalException(Signal<?> signal, Exception cause) {
            super("A receiver of " + signal + " failed: " + cause, cause);
        }
    }
}
