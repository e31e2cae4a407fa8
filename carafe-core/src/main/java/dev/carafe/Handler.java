package dev.carafe;

/**
 * A view: the code that answers a matched route.
 *
 * <p>Like a Flask view function, it takes no arguments; it reads the request through
 * {@link Globals#request()}. The returned value becomes the response: a {@link CharSequence}
 * (HTML text), {@code byte[]}, a {@link Response}, {@code null} (an empty 204 is <em>not</em>
 * assumed: null is an error, as in Flask), or any other object, which is written as JSON.
 * Used as a {@linkplain Routes#beforeRequestGuard guard}, a non-null result short-circuits the request.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Returns the response value for the current request.
     *
     * @throws Exception any failure; it goes through the app's error handlers
     */
    Object handle() throws Exception;
}
