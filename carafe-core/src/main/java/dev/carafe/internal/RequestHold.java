package dev.carafe.internal;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A context's hold on what its request shares ({@link SharedRequest}), given back once: on the
 * context's last pop, on {@code discard()}, or by the cleaner when a copy is collected without
 * ever being pushed. It must not refer to the context, or the cleaner could never run.
 */
final class RequestHold {
    private static final Cleaner CLEANER = Cleaner.create();
    private final SharedRequest shared;
    private final AtomicBoolean done = new AtomicBoolean();
    /** A copy's registration with the cleaner; cleaned when the copy ends, so the GC need not track it. */
    private Cleaner.Cleanable cleanable;

    RequestHold(SharedRequest shared) {
        this.shared = shared;
    }

    /** Registers {@code copy} with the cleaner, which gives the hold back if the copy is collected first. */
    void giveBackWhenCollected(ContextImpl copy) {
        cleanable = CLEANER.register(copy, this::runQuietly);
    }

    /** Gives the hold back, if not yet given, adding failures to {@code errors}; unregisters a copy. */
    void end(List<Throwable> errors) {
        run(errors);
        if (cleanable != null) {
            // The hold was just given back; left to the GC, the registrations made copying a
            // context 10-20x slower (CopyBenchmarks, docs/benchmarks.md).
            cleanable.clean();
        }
    }

    private void run(List<Throwable> errors) {
        if (done.compareAndSet(false, true)) {
            shared.release(errors);
        }
    }

    private void runQuietly() {
        List<Throwable> errors = new ArrayList<>(0);
        run(errors);
        errors.forEach(t -> LoggerFactory.getLogger(ContextImpl.class)
                .error("Releasing what an unused copy of a request's context shared failed", t));
    }
}
