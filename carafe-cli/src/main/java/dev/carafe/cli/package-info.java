/**
 * An app's command line: Flask's {@code flask} command, shipped inside the app's own jar.
 *
 * <p>{@link dev.carafe.cli.Cli} is the entry point; {@link dev.carafe.cli.CommandAction} is
 * the body of a command registered as a lambda. Commands written as picocli classes are
 * registered as they are. See {@code docs/cli.md}.
 */
package dev.carafe.cli;
