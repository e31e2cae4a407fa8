package dev.carafe.internal;

import dev.carafe.Signal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** One app's signal receivers. Sending with no receivers costs one map lookup. */
public final class Signals {
    private final Map<Signal<?>, CopyOnWriteArrayList<Signal.Receiver<?>>> receivers = new ConcurrentHashMap<>();

    <E> void connect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        receivers.computeIfAbsent(signal, s -> new CopyOnWriteArrayList<>()).add(receiver);
    }

    <E> boolean disconnect(Signal<E> signal, Signal.Receiver<? super E> receiver) {
        List<Signal.Receiver<?>> list = receivers.get(signal);
        return list != null && list.remove(receiver);
    }

    /** Returns whether anyone listens to {@code signal}. */
    public boolean hasReceivers(Signal<?> signal) {
        List<Signal.Receiver<?>> list = receivers.get(signal);
        return list != null && !list.isEmpty();
    }

    /** Sends {@code event}; the first failing receiver's exception propagates (wrapped if checked). */
    @SuppressWarnings("unchecked")
    public <E> void send(Signal<E> signal, E event) {
        List<Signal.Receiver<?>> list = receivers.get(signal);
        if (list == null) {
            return;
        }
        for (Signal.Receiver<?> r : list) {
            try {
                ((Signal.Receiver<E>) r).receive(event);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new SignalException(signal, e);
            }
        }
    }

    /** Sends {@code event} to every receiver, collecting failures instead of stopping (teardown signals). */
    @SuppressWarnings("unchecked")
    public <E> void sendCollecting(Signal<E> signal, E event, List<Throwable> errors) {
        List<Signal.Receiver<?>> list = receivers.get(signal);
        if (list == null) {
            return;
        }
        for (Signal.Receiver<?> r : list) {
            try {
                ((Signal.Receiver<E>) r).receive(event);
            } catch (Throwable t) {
                errors.add(t);
            }
        }
    }

    /** A checked exception thrown by a signal receiver. */
    static final class SignalException extends dev.carafe.CarafeException {
        private static final long serialVersionUID = 1L;

        SignalException(Signal<?> signal, Exception cause) {
            super("A receiver of " + signal + " failed: " + cause, cause);
        }
    }
}
