/**
 * Carafe's command line: an app's {@code run} and {@code routes} commands and its own, each run
 * inside an app context, on picocli.
 *
 * <p>Start with {@link dev.carafe.cli.Cli}. The package is opened to picocli only, which
 * reads and sets the built-in commands' options by reflection; an app's own annotated
 * commands need the same line in the app's {@code module-info.java}
 * ({@code opens my.app.commands to info.picocli;}).
 */
module dev.carafe.cli {
    requires transitive dev.carafe.core;
    requires transitive info.picocli;

    exports dev.carafe.cli;
    opens dev.carafe.cli to info.picocli;
}
