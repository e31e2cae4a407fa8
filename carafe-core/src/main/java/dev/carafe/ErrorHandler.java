package dev.carafe;

/**
 * An error handler: turns an exception of type {@code E} into a response value.
 *
 * @param <E> the exception type it handles; the most specific registered type wins
 */
@FunctionalInterface
public interface ErrorHandler<E extends Throwable> {
    /**
     * Returns the response value for {@code error}, as a {@link Handler} would.
     *
     * @throws Exception a failure; it takes the unhandled-error path
     */
    Object handle(E error) throws Exception;
}
