/**
 * Carafe's public API: Flask's context model for Java.
 *
 * <p>Start with {@link dev.carafe.Carafe} (the app), {@link dev.carafe.Globals} (the
 * context-local {@code request}, {@code session}, {@code g} and current app) and
 * {@link dev.carafe.Context} (the one context type, with or without a request).
 */
package dev.carafe;
