package dev.carafe.cli;

import java.io.PrintWriter;

/**
 * The body of a command registered with {@link Cli#command(String, String, CommandAction)}:
 * code that runs inside a pushed app context, like a function under Flask's
 * {@code @app.cli.command()}.
 *
 * <p>{@code currentApp()}, {@code g()} and {@code g().resource(...)} work inside it, and the
 * app's teardown-app-context callbacks run when it returns or throws.
 */
@FunctionalInterface
public interface CommandAction {
    /**
     * Runs the command; {@code out} is the command line's standard output (Flask's
     * {@code click.echo}).
     *
     * @throws Exception a failure: the command line prints its message on standard error and
     *                   exits with status 1; teardown receives it as {@code Outcome.Failed}
     */
    void run(PrintWriter out) throws Exception;
}
