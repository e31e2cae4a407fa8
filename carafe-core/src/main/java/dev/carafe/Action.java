package dev.carafe;

/**
 * A hook that returns nothing, such as a before-request function that only logs.
 *
 * <p>Expression lambdas whose value is ignored fit too: {@code () -> seen.add(path)}.
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
