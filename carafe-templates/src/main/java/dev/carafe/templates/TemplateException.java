package dev.carafe.templates;

import dev.carafe.CarafeException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A template that could not be found, parsed or rendered.
 *
 * <p>The message starts with {@code file:line:column:} where they are known, followed by what
 * went wrong and, for errors inside a template, the line with a caret under the column; in debug
 * mode the 500 page shows it. Pebble reports lines only: the column is where the text the error
 * names (a tag, a token, a function) is on that line, or the line's first tag.
 */
public final class TemplateException extends CarafeException {
    private static final long serialVersionUID = 1L;

    private final String template;
    private final int line;
    private final int column;

    TemplateException(String message, String template, int line, int column, Throwable cause) {
        super(message, cause);
        this.template = template;
        this.line = line;
        this.column = column;
    }

    /** Returns the name of the template the error is in, if known, e.g. {@code admin/users.html}. */
    public Optional<String> template() {
        return Optional.ofNullable(template);
    }

    /** Returns the 1-based line of the error, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** Returns the 1-based column of the error, if known. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }
}
