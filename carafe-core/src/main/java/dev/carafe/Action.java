package dev.carafe;

/**
 * A hook that returns nothing, such as a before-request function that only logs.
 *
 * <p>Distinct from {@link Handler} so that {@code app.beforeRequest(() -> log.info("x"))}
 * compiles; a value-returning lambda picks the {@link Handler} overload instead.
 */
@FunctionalInterface
public interface Action {
    /**
     * Runs the hook.
     *
     * @throws Exception any failure; it goes through the app's error handlers
     */
    void run() throws Exception;
}
