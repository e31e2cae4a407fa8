package dev.carafe;

/**
 * A flashed message and its category, as returned by {@link Globals#flashedMessages()}.
 *
 * @param category the category, {@code "message"} by default
 * @param message  the text
 */
public record Flash(String category, String message) {}
