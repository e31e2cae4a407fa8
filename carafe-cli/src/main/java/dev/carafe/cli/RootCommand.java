package dev.carafe.cli;

import dev.carafe.Carafe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The top of the command tree: the options every command shares ({@code --help},
 * {@code --version}, {@code --debug}); run with no command, it serves the app as {@code run} does.
 */
@Command(mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        description = "Runs a command of the app inside an app context. With no command, serves the app (run).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:Success.",
                "1:The command failed; its message is on standard error.",
                "2:Usage error: unknown command, option or argument."})
final class RootCommand implements Callable<Integer>, IVersionProvider {
    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace when a command fails; with an app factory, also turn on the app's debug mode.")
    boolean debug;

    private final Carafe app;
    private final Optional<String> appVersion;

    RootCommand(Carafe app, Optional<String> appVersion) {
        this.app = app;
        this.appVersion = appVersion;
    }

    /** Reached only with options and no command, e.g. {@code --debug}: serves with the configured host and port. */
    @Override
    public Integer call() {
        return RunCommand.serve(app, RunCommand.configuredHost(app), RunCommand.configuredPort(app), debug,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>(3);
        appVersion.ifPresent(v -> lines.add(app.name() + " " + v));
        lines.add("Carafe " + carafeVersion());
        lines.add("Java " + Runtime.version());
        return lines.toArray(String[]::new);
    }

    /** Carafe's version, written into carafe-cli.properties by the build (the CLI ships with the core's version). */
    static String carafeVersion() {
        try (InputStream in = RootCommand.class.getResourceAsStream("carafe-cli.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
