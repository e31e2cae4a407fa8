package dev.carafe.cli;

import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Key;
import dev.carafe.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line run in process, its output captured through {@link Cli#run(PrintWriter, PrintWriter, String...)}. */
class CliTest {
    /** What one run printed and returned. */
    record Result(int status, String out, String err) {}

    static Result run(Cli cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = cli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }

    final DemoApp demo = new DemoApp();

    // ---- the app context around a command ---------------------------------------------------

    @Test
    void aLambdaCommandRunsInsideAnAppContextOfItsApp() {
        Result r = run(demo.cli, "hello");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("Hello from demo (app context: true, request context: false)\n");
        assertThat(r.err()).isEmpty();
        assertThat(hasAppContext()).as("no context is left behind").isFalse();
    }

    @Test
    void teardownGetsCompletedAndGResourcesAreClosedAfterASuccessfulCommand() {
        run(demo.cli, "hello");

        assertThat(demo.events).containsExactly(
                "hello in demo, db open: true", "teardown: COMPLETED", "connection closed");
    }

    @Test
    void teardownGetsTheCommandsOwnExceptionAsFailedNotPicocllisWrapper() {
        List<Outcome> outcomes = new ArrayList<>();
        Carafe app = Carafe.create("own");
        app.teardownAppContext(outcomes::add);
        IllegalStateException thrown = new IllegalStateException("disk full");
        Cli cli = Cli.of(app).command("fail", "Fails.", out -> {
            throw thrown;
        });

        run(cli, "fail");

        assertThat(outcomes).containsExactly(new Outcome.Failed(thrown));
    }

    @Test
    void aFailingCommandClosesItsResourcesAndTeardownSeesTheFailure() {
        run(demo.cli, "fail");

        assertThat(demo.events).containsExactly(
                "teardown: Failed(java.lang.IllegalStateException: disk full)", "connection closed");
    }

    @Test
    void aPicocliCommandGetsItsOptionsAndParametersAndRunsInsideTheAppContext() {
        Result r = run(demo.cli, "greet", "--shout", "Ada");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("HELLO, ADA, FROM DEMO\n");
        assertThat(demo.events).containsExactly("teardown: COMPLETED");
    }

    @Test
    void aPicocliCommandsOwnExitStatusIsKept() {
        assertThat(run(demo.cli, "greet", "nobody").status()).isEqualTo(3);
    }

    @Test
    void structuredSubtasksForkedByACommandSeeTheAppContext() {
        Carafe app = Carafe.create("forking");
        Cli cli = Cli.of(app).command("fork", "Forks a subtask.", out -> {
            try (var scope = StructuredTaskScope.open()) {
                var name = scope.fork(() -> currentApp().name());
                scope.join();
                out.println("subtask saw " + name.get());
            }
        });

        assertThat(run(cli, "fork").out()).isEqualTo("subtask saw forking\n");
    }

    @Test
    void eachRunPushesAFreshContextWithAnEmptyG() {
        Key<String> seen = Key.of("seen", String.class);
        List<Boolean> wasSet = new ArrayList<>();
        Cli cli = Cli.of(Carafe.create("fresh")).command("mark", "Marks g.", out -> {
            wasSet.add(g().contains(seen));
            g().set(seen, "yes");
        });

        run(cli, "mark");
        run(cli, "mark");

        assertThat(wasSet).containsExactly(false, false);
    }

    // ---- exit status and error output -------------------------------------------------------

    @Test
    void aFailingCommandExitsWith1AndPrintsItsMessageWithoutAStackTrace() {
        Result r = run(demo.cli, "fail");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("""
                Error: fail failed: java.lang.IllegalStateException: disk full
                Run it again with --debug to see the stack trace.
                """);
    }

    @Test
    void debugBeforeOrAfterTheCommandPrintsTheStackTrace() {
        for (String[] args : List.of(new String[] {"--debug", "fail"}, new String[] {"fail", "--debug"})) {
            Result r = run(new DemoApp().cli, args);

            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err())
                    .startsWith("Error: fail failed: java.lang.IllegalStateException: disk full\n"
                            + "java.lang.IllegalStateException: disk full\n")
                    .contains("dev.carafe.cli.DemoApp.lambda")
                    .doesNotContain("--debug to see");
        }
    }

    @Test
    void aTeardownFailureAfterASuccessfulCommandExitsWith1() {
        Carafe app = Carafe.create("broken-teardown");
        app.teardownAppContext(outcome -> {
            throw new IllegalStateException("cannot close the pool");
        });
        Cli cli = Cli.of(app).command("ok", "Succeeds.", out -> out.println("done"));

        Result r = run(cli, "ok");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(r.err()).startsWith("Error: ok failed: java.lang.IllegalStateException: cannot close the pool\n");
    }

    @Test
    void aTeardownFailureAfterAFailedCommandIsPrintedToo() {
        Carafe app = Carafe.create("both");
        app.teardownAppContext(outcome -> {
            throw new IllegalStateException("cannot close the pool");
        });
        Cli cli = Cli.of(app).command("fail", "Fails.", out -> {
            throw new java.io.IOException("disk full");
        });

        Result r = run(cli, "fail");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("""
                Error: fail failed: java.io.IOException: disk full
                  and: java.lang.IllegalStateException: cannot close the pool
                Run it again with --debug to see the stack trace.
                """);
    }

    @Test
    void anUnknownCommandExitsWith2WithPicoclisUsageMessage() {
        Result r = run(demo.cli, "frobnicate");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("""
                Unmatched argument at index 0: 'frobnicate'
                Did you mean: demo routes?
                Usage: demo [-hV] [--debug] [COMMAND]
                """);
        assertThat(demo.events).as("nothing ran, so no context was pushed").isEmpty();
    }

    @Test
    void aBadOptionOrMissingParameterExitsWith2() {
        Result badOption = run(demo.cli, "routes", "--frob");
        Result missing = run(demo.cli, "greet");

        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err()).startsWith("Unknown option: '--frob'\n").contains("Usage: demo routes");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Missing required parameter: 'NAME'\n").contains("Usage: demo greet");
    }

    @Test
    void aUsageErrorRaisedByACommandExitsWith2() {
        Result r = run(demo.cli, "run", "--port", "70000");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("port must be between 0 and 65535, was 70000\n").contains("Usage: demo run");
    }

    // ---- help and version -------------------------------------------------------------------

    @Test
    void helpListsEveryCommandSortedByNameWithItsHelpText() {
        Result r = run(demo.cli, "--help");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("""
                Commands:
                  fail    Fail on purpose.
                  greet   Greet someone by name.
                  hello   Say hello from inside the app context.
                  routes  Shows the app's routes: endpoint, methods and rule.
                  run     Serves the app until Ctrl-C or SIGTERM (the default command).
                """);
        assertThat(r.out()).startsWith("Usage: demo [-hV] [--debug] [COMMAND]\n")
                .contains("--debug     Print the stack trace when a command fails; with an app")
                .contains("1   The command failed; its message is on standard error.");
        assertThat(demo.events).as("help pushes no context").isEmpty();
    }

    @Test
    void everyCommandHasHelpShowingItsOptionsAndRunShowsTheConfiguredDefaults() {
        Carafe app = Carafe.create("configured", Config.builder().set(Config.SERVER_PORT, 8080).build());
        Result run = run(Cli.of(app), "run", "--help");
        Result hello = run(demo.cli, "hello", "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("""
                Usage: configured run [-hV] [--debug] [--host=HOST] [-p=PORT]
                Serves the app until Ctrl-C or SIGTERM (the default command).
                Needs a server module (carafe-jetty) on the class path.
                """)
                .contains("The address to bind. Default: 127.0.0.1 (SERVER_HOST).")
                .contains("The port to bind; 0 picks a free one. Default: 8080")
                .contains("--debug");
        assertThat(hello.out()).startsWith("Usage: demo hello [-hV] [--debug]\nSay hello from inside the app context.\n");
    }

    @Test
    void versionPrintsTheAppsCarafesAndJavasVersions() {
        Result r = run(demo.cli, "--version");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("demo 1.2.3\nCarafe " + RootCommand.carafeVersion() + "\nJava "
                + Runtime.version() + "\n");
        assertThat(RootCommand.carafeVersion()).as("filtered from the build").matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void versionWithoutAnAppVersionPrintsCarafeAndJava() {
        Result r = run(Cli.of(Carafe.create("plain")), "-V");

        assertThat(r.out()).isEqualTo("Carafe " + RootCommand.carafeVersion() + "\nJava " + Runtime.version() + "\n");
    }

    // ---- routes -----------------------------------------------------------------------------

    @Test
    void routesPrintsATableSortedByEndpointWithoutTheAutomaticMethods() {
        Result r = run(demo.cli, "routes");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("""
                Endpoint  Methods    Rule
                --------  ---------  --------------
                index     GET        /
                login     POST       /login
                search    GET        /search
                user      GET, POST  /user/<int:id>
                """);
        assertThat(demo.events).as("routes runs inside an app context too").containsExactly("teardown: COMPLETED");
    }

    @Test
    void routesSortsByRuleOrMethodsAndShowsAllMethodsOnRequest() {
        assertThat(run(demo.cli, "routes", "--sort", "rule").out()).isEqualTo("""
                Endpoint  Methods    Rule
                --------  ---------  --------------
                index     GET        /
                login     POST       /login
                search    GET        /search
                user      GET, POST  /user/<int:id>
                """);
        assertThat(run(demo.cli, "routes", "-s", "methods").out()).isEqualTo("""
                Endpoint  Methods    Rule
                --------  ---------  --------------
                index     GET        /
                search    GET        /search
                user      GET, POST  /user/<int:id>
                login     POST       /login
                """);
        assertThat(run(demo.cli, "routes", "--all-methods").out()).contains("""
                index     GET, HEAD, OPTIONS        /
                login     OPTIONS, POST             /login
                """);
    }

    @Test
    void routesSaysSoWhenThereAreNone() {
        assertThat(run(Cli.of(Carafe.create("empty")), "routes").out()).isEqualTo("No routes were registered.\n");
    }

    // ---- run --------------------------------------------------------------------------------

    @Test
    void runWithoutAServerModuleExitsWith1AndNamesTheDependencyToAdd() {
        Result r = run(demo.cli, "run");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("Error: run failed: No server module found, so app.run() cannot serve 'demo'.")
                .contains("<artifactId>carafe-jetty</artifactId>");
        assertThat(demo.events).as("run pushes no app context").isEmpty();
    }

    @Test
    void noCommandMeansRun() {
        assertThat(run(demo.cli).err()).startsWith("Error: run failed: No server module found");
        assertThat(run(demo.cli, "--debug").err()).contains("Error: run failed: No server module found");
    }

    @Test
    void runWithDebugSaysThatItCannotTurnOnTheAppsDebugMode() {
        Result r = run(demo.cli, "run", "--debug");

        assertThat(r.err()).startsWith(RunCommand.DEBUG_NOTE + "\nError: run failed:")
                .contains("dev.carafe.cli.RunCommand.serve");
    }

    // ---- an app factory: --debug reaches the app's configuration -----------------------------

    @Test
    void anAppFactoryGetsDebugModeFromDebugBeforeOrAfterTheCommand() {
        assertThat(run(FactoryDemoApp.cli(), "--debug", "mode").out()).isEqualTo("debug: true\n");
        assertThat(run(FactoryDemoApp.cli(), "mode", "--debug").out()).isEqualTo("debug: true\n");
        assertThat(run(FactoryDemoApp.cli(), "mode").out()).isEqualTo("debug: false\n");
    }

    @Test
    void theSettingsGiveDebugOnlyForTheFlagBeforeADoubleDash() {
        assertThat(Cli.settings("run", "--debug").asMap()).containsExactly(java.util.Map.entry("DEBUG", true));
        assertThat(Cli.settings("greet", "--", "--debug").asMap()).isEmpty();
        assertThat(Cli.settings().asMap()).isEmpty();
    }

    @Test
    void theFactoryRunsOnceAtTheFirstRunAndItsConfigurationKeepsWhatTheSettingsDoNotSet() {
        List<Config> seen = new ArrayList<>();
        Cli cli = Cli.of(settings -> {
            seen.add(settings);
            return FactoryDemoApp.createApp(settings);
        }).command("port", "Print the configured port.", out -> out.println(currentApp().config().get(Config.SERVER_PORT)));

        assertThat(seen).as("nothing is created before the first run").isEmpty();
        assertThat(run(cli, "port", "--debug").out()).isEqualTo("5050\n");
        assertThat(run(cli, "port").out()).isEqualTo("5050\n");
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().debug()).isTrue();
    }

    @Test
    void runWithDebugOnAnAppFromAFactoryDoesNotPrintTheNote() {
        Result r = run(FactoryDemoApp.cli(), "run", "--debug");

        assertThat(r.err()).startsWith("Error: run failed: No server module found, so app.run() cannot serve 'factory-demo'.")
                .doesNotContain("Note:");
    }

    @Test
    void aFactoryThatThrowsExitsWith1WithItsMessageAndTheStackTraceOnlyWithDebug() {
        Cli cli = Cli.of(settings -> {
            throw new IllegalArgumentException("SHOP_DB_URL is not set");
        });

        Result r = run(cli, "routes");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error: could not create the app: SHOP_DB_URL is not set\n"
                + "Run it again with --debug to see the stack trace.\n");

        Result debug = run(cli, "--debug", "routes");
        assertThat(debug.status()).isEqualTo(1);
        assertThat(debug.err()).startsWith("Error: could not create the app: SHOP_DB_URL is not set\n"
                + "java.lang.IllegalArgumentException: SHOP_DB_URL is not set\n\tat ");
    }

    // ---- registration -----------------------------------------------------------------------

    @Test
    void registrationRejectsTakenAndMalformedNames() {
        Cli cli = Cli.of(Carafe.create("names")).command("init-db", "Initialize the database.", out -> {});

        assertThatThrownBy(() -> cli.command("init-db", "Again.", out -> {}))
                .hasMessage("command name 'init-db' is already registered");
        assertThatThrownBy(() -> cli.command("routes", "Mine.", out -> {}))
                .hasMessage("command name 'routes' is taken by a built-in command; choose another");
        assertThatThrownBy(() -> cli.command("init db", "Spaces.", out -> {}))
                .hasMessage("command name must be one word not starting with '-', was \"init db\"");
        assertThatThrownBy(() -> cli.command("--db", "Dash.", out -> {}))
                .hasMessage("command name must be one word not starting with '-', was \"--db\"");
    }

    @Command(description = "No name.")
    static final class Nameless implements Runnable {
        @Override
        public void run() {}
    }

    static final class NotACommand {}

    @Command(name = "twice")
    static final class TwiceOption implements Runnable {
        @Option(names = "-x") boolean a;
        @Option(names = "-x") boolean b;

        @Override
        public void run() {}
    }

    @Test
    void registrationRejectsPicocliCommandsWithoutANameOrWithAnInvalidModel() {
        Cli cli = Cli.of(Carafe.create("picocli"));

        assertThatThrownBy(() -> cli.command(new Nameless()))
                .hasMessage("picocli command dev.carafe.cli.CliTest$Nameless has no name; give it one with"
                        + " @Command(name = \"...\")");
        assertThatThrownBy(() -> cli.command(new NotACommand()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("picocli command dev.carafe.cli.CliTest$NotACommand is not valid: ");
        assertThatThrownBy(() -> cli.command(new TwiceOption()))
                .hasMessageStartingWith("picocli command dev.carafe.cli.CliTest$TwiceOption is not valid: ")
                .hasMessageContaining("-x");
    }

    @Test
    void registrationEndsWithTheFirstRun() {
        Cli cli = Cli.of(Carafe.create("late"));
        run(cli, "routes");

        assertThatThrownBy(() -> cli.command("init-db", "Too late.", out -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot call command(...) on the command line of 'late': it has already run."
                        + " Register every command before the first run(...) or main(...).");
    }

    @Test
    void aCommandLineCanRunSeveralTimes() {
        assertThat(run(demo.cli, "greet", "--shout", "Ada").out()).isEqualTo("HELLO, ADA, FROM DEMO\n");
        assertThat(run(demo.cli, "greet", "Bob").out()).as("options are reset between runs")
                .isEqualTo("Hello, Bob, from demo\n");
    }
}
