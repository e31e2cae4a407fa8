package dev.carafe;

/**
 * An after-request function: receives the response and returns the one to send.
 *
 * <p>Like Flask's {@code after_request} and {@code after_this_request} functions, it must
 * return a response: the same object after changing it, or a new one.
 */
@FunctionalInterface
public interface ResponseHook {
    /**
     * Returns the response to send, usually {@code response} itself after changing it.
     *
     * @throws Exception any failure; it takes the unhandled-error path
     */
    Response apply(Response response) throws Exception;
}
