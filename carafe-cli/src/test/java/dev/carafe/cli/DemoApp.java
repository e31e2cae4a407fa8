package dev.carafe.cli;

import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.hasRequestContext;

import dev.carafe.Carafe;
import dev.carafe.Key;
import dev.carafe.Outcome;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The app the CLI tests drive, in process ({@link CliTest}) and as a separate java process
 * ({@link CliProcessIT}, through {@link #main}). It records what teardown saw in {@link #events}
 * and, for the process test, on standard error.
 */
public final class DemoApp {
    /** A resource kept in {@code g}; closing it is recorded. */
    record Connection(List<String> events) implements AutoCloseable {
        @Override
        public void close() {
            events.add("connection closed");
        }
    }

    static final Key<Connection> DB = Key.of("db", Connection.class);

    final List<String> events = new CopyOnWriteArrayList<>();
    final Carafe app = Carafe.create("demo");
    final Cli cli = Cli.of(app);

    DemoApp() {
        this(false);
    }

    /** With {@code echoTeardown}, teardown also prints what it saw on standard error, for the process test. */
    DemoApp(boolean echoTeardown) {
        app.get("/", "index", () -> "Hello, World!");
        app.get("/search", "search", () -> "Searching");
        app.post("/login", "login", () -> "ok");
        app.route(java.util.Set.of("GET", "POST"), "/user/<int:id>", "user", () -> "user");
        app.teardownAppContext(outcome -> {
            String seen = "teardown: " + switch (outcome) {
                case Outcome.Completed c -> "COMPLETED";
                case Outcome.Failed(Throwable e) -> "Failed(" + e + ")";
                case Outcome.Handled(Throwable e) -> "Handled(" + e + ")";
            };
            events.add(seen);
            if (echoTeardown) {
                System.err.println(seen);
            }
        });
        cli.version("1.2.3")
                .command("hello", "Say hello from inside the app context.", out -> {
                    Connection db = g().resource(DB, () -> new Connection(events));
                    events.add("hello in " + currentApp().name() + ", db open: " + (db != null));
                    out.println("Hello from " + currentApp().name() + " (app context: " + hasAppContext()
                            + ", request context: " + hasRequestContext() + ")");
                })
                .command("fail", "Fail on purpose.", out -> {
                    g().resource(DB, () -> new Connection(events));
                    throw new IllegalStateException("disk full");
                })
                .command(new Greet());
    }

    /** A full picocli command: an option, a parameter, and an exit status of its own. */
    @Command(name = "greet", description = "Greet someone by name.")
    static final class Greet implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--shout", description = "Print in capitals.")
        boolean shout;

        @Parameters(paramLabel = "NAME", description = "Who to greet.")
        String name;

        @Override
        public Integer call() {
            String text = "Hello, " + name + ", from " + currentApp().name();
            spec.commandLine().getOut().println(shout ? text.toUpperCase(java.util.Locale.ROOT) : text);
            return name.equals("nobody") ? 3 : 0;
        }
    }

    public static void main(String[] args) {
        new DemoApp(true).cli.main(args);
    }
}
