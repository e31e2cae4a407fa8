package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.Outcome;
import dev.carafe.Signal;
import dev.carafe.Teardown;
import java.util.List;

/**
 * Runs teardown callbacks: every one runs even when earlier ones throw; failures are logged
 * and then thrown together, the first with the rest suppressed (Flask 3.2's aggregation).
 */
final class Teardowns {
    private Teardowns() {}

    /** Teardown-request callbacks of the matched route's groups (inner first), then the app's; then the signal. */
    static void teardownRequest(App app, ContextImpl ctx, Outcome outcome, List<Throwable> errors) {
        RequestImpl request = ctx.requestImpl();
        for (Scope scope : request.scopesInnerFirst()) {
            runAll(scope.teardownRequestFunctions(), outcome, errors);
        }
        app.signals().sendCollecting(Signal.REQUEST_TEARING_DOWN, new Signal.TeardownEvent(ctx, outcome), errors);
    }

    /** Teardown-app-context callbacks, newest first. */
    static void teardownAppContext(App app, ContextImpl ctx, Outcome outcome, List<Throwable> errors) {
        runAll(app.teardownAppContextFunctions(), outcome, errors);
    }

    private static void runAll(List<Teardown> functions, Outcome outcome, List<Throwable> errors) {
        for (int i = functions.size() - 1; i >= 0; i--) {
            try {
                functions.get(i).run(outcome);
            } catch (Throwable t) {
                errors.add(t);
            }
        }
    }

    /** Logs every failure, then throws the first with the others suppressed; does nothing when there are none. */
    static void rethrow(App app, Object ctx, List<Throwable> errors) {
        log(app, ctx, errors, 0);
        throwAll(app, ctx, errors);
    }

    /** Logs the failures from index {@code from} on. */
    static void log(App app, Object ctx, List<Throwable> errors, int from) {
        for (Throwable t : errors.subList(from, errors.size())) {
            app.logger().error("Error during teardown of {}", ctx, t);
        }
    }

    /** Throws the first failure with the others suppressed, without logging; does nothing when there are none. */
    static void throwAll(App app, Object ctx, List<Throwable> errors) {
        if (errors.isEmpty()) {
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
