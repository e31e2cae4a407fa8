package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;

/**
 * An app's command line: Flask's {@code flask} command, as the {@code main} method of the
 * app's own jar.
 *
 * <p>It offers the built-in {@code run} (serve the app; the default when no command is given)
 * and {@code routes} (the route table), plus the app's own commands, each registered either as
 * a lambda with a name and a help text or as a picocli command class with options and
 * arguments. Every command except {@code run} runs inside a pushed app context
 * ({@code app.appContext()}), so {@code currentApp()}, {@code g()} and {@code g().resource(...)}
 * work, and the app's teardown-app-context callbacks run afterwards with
 * {@code Outcome.COMPLETED}, or {@code Outcome.Failed} holding the command's exception. Like
 * {@code flask run}, {@code run} pushes none: each request gets its own.
 * <pre>{@code
 * public static void main(String[] args) {
 *     Carafe app = createApp();
 *     Cli.of(app)
 *             .command("init-db", "Initialize the database.", out -> {
 *                 initDb();                                 // uses g().resource(DB, ...)
 *                 out.println("Initialized the database.");
 *             })
 *             .main(args);                                  // exits with the command's status
 * }
 * }</pre>
 *
 * <p>Given an app factory instead of an app ({@code Cli.of(settings -> createApp(settings))}),
 * the command line creates the app itself, at its first run, once it has read the arguments:
 * the factory receives the settings the command line makes, which it applies last
 * ({@code Config.builder()...setAll(settings)}). So {@code --debug} turns on the app's debug
 * mode ({@code Config.DEBUG}), as {@code flask --debug} does; a command line given a created
 * app cannot change its configuration, so there {@code --debug} only prints stack traces.
 *
 * <p>Exit status: 0 on success (and for {@code --help} and {@code --version}); 1 when a command
 * throws, with its message on standard error and the stack trace only with {@code --debug};
 * 2 for usage errors (unknown command, bad option), with picocli's usage message.
 *
 * <p>Not thread-safe. Register every command first: registration ends with the first
 * {@link #run} (as an app's ends with its first request). {@code run} may then be called
 * again, one call at a time.
 */
public final class Cli {
    private static final Set<String> BUILT_IN = Set.of("run", "routes");

    private final Function<Config, Carafe> factory;
    private final Map<String, CommandLine> commands = new TreeMap<>();
    private Carafe app;
    private String version;
    private CommandLine tree;

    private Cli(Carafe app, Function<Config, Carafe> factory) {
        this.app = app;
        this.factory = factory;
    }

    /** Returns a command line for {@code app} with the built-in {@code run} and {@code routes} commands. */
    public static Cli of(Carafe app) {
        return new Cli(Objects.requireNonNull(app, "app"), null);
    }

    /**
     * Returns a command line, with the built-in {@code run} and {@code routes} commands, for
     * the app that {@code factory} creates at the first run, from the settings the command line
     * makes: {@code DEBUG} true with {@code --debug}, nothing otherwise. The factory applies
     * them after its own configuration, so that they win:
     * <pre>{@code
     * static Carafe createApp(Config settings) {
     *     Carafe app = Carafe.create("shop", Config.builder()
     *             .loadResource("shop.properties").loadEnv("SHOP_").setAll(settings).build());
     *     ...
     * }
     * public static void main(String[] args) {
     *     Cli.of(Shop::createApp).command(...).main(args);
     * }
     * }</pre>
     * A factory that throws makes the run exit with status 1 and its message on standard error.
     */
    public static Cli of(Function<Config, Carafe> factory) {
        return new Cli(null, Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Registers a command without options or arguments, run inside an app context.
     *
     * @param name   what users type, e.g. {@code init-db}
     * @param help   one line for {@code --help}, e.g. {@code Initialize the database.}
     * @param action the command's body; it prints to the {@code out} it is given
     * @return this command line, for chaining
     * @throws IllegalArgumentException when the name is blank, contains spaces, starts with
     *                                  {@code -}, or is already taken
     * @throws IllegalStateException    when this command line has already run
     */
    public Cli command(String name, String help, CommandAction action) {
        checkName(name);
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(action, "action");
        commands.put(name, LambdaCommand.commandLine(name, help, action));
        return this;
    }

    /**
     * Registers a picocli command: an object of a class annotated with {@code @Command(name = ...)},
     * whose options, arguments and subcommands picocli parses; its {@code call()} or
     * {@code run()} runs inside an app context.
     *
     * <p>In a named module, picocli sets the annotated fields by reflection: open the package
     * to it with {@code opens my.app.commands to info.picocli;} in {@code module-info.java}.
     *
     * @return this command line, for chaining
     * @throws IllegalArgumentException when the class is not a valid picocli command, has no
     *                                  name, or its name is already taken
     * @throws IllegalStateException    when this command line has already run
     */
    public Cli command(Object picocliCommand) {
        Objects.requireNonNull(picocliCommand, "picocliCommand");
        CommandLine command;
        try {
            command = new CommandLine(picocliCommand);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(explain(picocliCommand.getClass(), e), e);
        }
        String name = command.getCommandName();
        if (name.equals(CommandSpec.DEFAULT_COMMAND_NAME)) {
            throw new IllegalArgumentException("picocli command " + picocliCommand.getClass().getName()
                    + " has no name; give it one with @Command(name = \"...\")");
        }
        checkName(name);
        commands.put(name, command);
        return this;
    }

    /**
     * Sets the app's version, printed by {@code --version} above Carafe's and Java's.
     *
     * @return this command line, for chaining
     * @throws IllegalStateException when this command line has already run
     */
    public Cli version(String version) {
        checkNotRun("version");
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * Runs the command named by {@code args} on the process's standard output and error, and
     * returns its exit status; with no arguments it runs {@code run}.
     */
    public int run(String... args) {
        PrintWriter out = writer(System.out);
        PrintWriter err = writer(System.err);
        return execute(out, err, Ansi.AUTO, args);
    }

    /**
     * Runs the command named by {@code args} with its output written to {@code out} and
     * {@code err}, without colors, and returns its exit status; for tests and embedding.
     */
    public int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(Objects.requireNonNull(out, "out"), Objects.requireNonNull(err, "err"), Ansi.OFF, args);
    }

    /**
     * Runs the command named by {@code args}, as {@link #run(String...)}, then exits the JVM with
     * its status; call it from the app's {@code main} method.
     */
    public void main(String... args) {
        System.exit(run(args));
    }

    private int execute(PrintWriter out, PrintWriter err, Ansi ansi, String... args) {
        Objects.requireNonNull(args, "args");
        try {
            if (app == null) {
                Config settings = settings(args);
                try {
                    app = Objects.requireNonNull(factory.apply(settings), "the app factory returned null");
                } catch (RuntimeException e) {
                    err.println("Error: could not create the app: " + e.getMessage());
                    if (settings.debug()) {
                        e.printStackTrace(err);
                    } else {
                        err.println("Run it again with --debug to see the stack trace.");
                    }
                    return 1;
                }
            }
            if (tree == null) {
                tree = build();
            }
            CommandLine cli = tree;
            cli.setOut(out);
            cli.setErr(err);
            cli.setColorScheme(CommandLine.Help.defaultColorScheme(ansi));
            return cli.execute(args.length == 0 ? new String[] {"run"} : args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Returns the settings {@code args} make for an app factory: {@code DEBUG} true when
     * {@code --debug} stands before any {@code --} (it may follow the command, as picocli allows).
     */
    static Config settings(String... args) {
        Config.Builder settings = Config.builder();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("--debug")) {
                settings.set(Config.DEBUG, true);
            }
        }
        return settings.build();
    }

    /**
     * Builds the picocli tree once, commands sorted by name as Flask lists them. It is kept:
     * picocli resets options to the values it saw when the tree was built, so a command object
     * must not be put into a second tree after it has parsed arguments.
     */
    private CommandLine build() {
        Map<String, CommandLine> all = new TreeMap<>(commands);
        all.put("run", new CommandLine(new RunCommand(app)));
        all.put("routes", new CommandLine(new RoutesCommand(app)));
        RootCommand rootCommand = new RootCommand(app, Optional.ofNullable(version));
        CommandLine root = new CommandLine(rootCommand);
        root.getCommandSpec().versionProvider(rootCommand);
        root.setCommandName(app.name());
        all.forEach(root::addSubcommand);
        root.setCaseInsensitiveEnumValuesAllowed(true);
        root.setExecutionStrategy(new InAppContext(app));
        root.setParameterExceptionHandler(new UsageErrors());
        return root;
    }

    private void checkNotRun(String method) {
        if (tree != null) {
            throw new IllegalStateException("Cannot call " + method + "(...) on the command line of '" + app.name()
                    + "': it has already run. Register every command before the first run(...) or main(...).");
        }
    }

    private void checkName(String name) {
        checkNotRun("command");
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.startsWith("-") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("command name must be one word not starting with '-', was \"" + name + "\"");
        }
        if (BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("command name '" + name + "' is taken by a built-in command; choose another");
        }
        if (commands.containsKey(name)) {
            throw new IllegalArgumentException("command name '" + name + "' is already registered");
        }
    }

    /** Says why picocli rejected a command class; in a named module the usual cause is a package not opened to it. */
    private static String explain(Class<?> type, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.lang.reflect.InaccessibleObjectException) {
                return "picocli cannot set the options of " + type.getName() + " because its package is not open to"
                        + " picocli; add 'opens " + type.getPackageName() + " to info.picocli;' to the module-info.java"
                        + " of " + type.getModule().getName();
            }
        }
        return "picocli command " + type.getName() + " is not valid: " + e.getMessage();
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
