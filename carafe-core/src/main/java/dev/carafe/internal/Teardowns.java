package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.Outcome;
import dev.carafe.Signal;
import dev.carafe.Teardown;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs teardown callbacks: every one runs even when earlier ones throw; failures are logged
 * and then thrown together, the first with the rest suppressed (Flask 3.2's aggregation).
 *
 * <p>Failures are collected in a list made at the first one, so a teardown without failures
 * allocates nothing: each method takes the list so far, possibly null, and returns it.
 */
final class Teardowns {
    private Teardowns() {}

    /**
     * Runs the teardown-request callbacks of the matched route's groups (inner first), then the
     * app's; then sends the signal. Returns {@code errors} with the failures added.
     */
    static List<Throwable> teardownRequest(App app, ContextImpl ctx, Outcome outcome, List<Throwable> errors) {
        RequestImpl request = ctx.requestImpl();
        for (Scope scope : request.scopesInnerFirst()) {
            errors = runAll(scope.teardownRequestFunctions(), outcome, errors);
        }
        return app.signals().sendCollecting(Signal.REQUEST_TEARING_DOWN, new Signal.TeardownEvent(ctx, outcome),
                errors);
    }

    /** Runs the teardown-app-context callbacks, newest first; returns {@code errors} with the failures added. */
    static List<Throwable> teardownAppContext(App app, Outcome outcome, List<Throwable> errors) {
        return runAll(app.teardownAppContextFunctions(), outcome, errors);
    }

    private static List<Throwable> runAll(List<Teardown> functions, Outcome outcome, List<Throwable> errors) {
        for (int i = functions.size() - 1; i >= 0; i--) {
            try {
                functions.get(i).run(outcome);
            } catch (Throwable t) {
                errors = add(errors, t);
            }
        }
        return errors;
    }

    /** Returns {@code errors}, made if null, with {@code failure} added. */
    static List<Throwable> add(List<Throwable> errors, Throwable failure) {
        List<Throwable> list = errors == null ? new ArrayList<>(2) : errors;
        list.add(failure);
        return list;
    }

    /** Logs the failures from index {@code from} on; {@code errors} may be null. */
    static void log(App app, Object ctx, List<Throwable> errors, int from) {
        if (errors == null) {
            return;
        }
        for (int i = from; i < errors.size(); i++) {
            app.logger().error("Error during teardown of {}", ctx, errors.get(i));
        }
    }

    /**
     * Throws the first failure with the others suppressed, without logging; does nothing when
     * there are none ({@code errors} null or empty).
     */
    static void throwAll(App app, Object ctx, List<Throwable> errors) {
        if (errors == null || errors.isEmpty()) {
            return;
        }
        Throwable first = errors.getFirst();
        RuntimeException thrown = first instanceof RuntimeException re ? re
                : first instanceof Error err ? null
                : new CarafeException("Teardown of " + ctx + " failed: " + first, first);
        for (Throwable other : errors.subList(1, errors.size())) {
            (thrown != null ? thrown : first).addSuppressed(other);
        }
        if (thrown == null) {
            throw (Error) first;
        }
        throw thrown;
    }
}
