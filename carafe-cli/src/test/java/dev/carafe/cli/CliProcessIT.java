package dev.carafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line as users meet it: {@link DemoApp#main} in a java process of its own, so
 * that the exit status is the real one {@code System.exit} gives and the output is what the
 * process writes. (The executable-jar form, {@code java -jar}, is tested on
 * {@code examples/complete}.)
 */
class CliProcessIT {
    /** What the process printed and how it exited. */
    record Exit(int status, String out, String err) {}

    static Exit java(String... args) throws IOException, InterruptedException {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        // Failsafe puts the project on the module path and the rest on the class path; the child needs both.
        String classPath = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", classPath, DemoApp.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        // Read both streams concurrently, so that a full pipe cannot block the child.
        StringBuilder errText = new StringBuilder();
        Thread err = Thread.ofVirtual().start(() -> {
            try {
                errText.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.append(e);
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err.join();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo app did not exit: " + command);
        }
        return new Exit(process.exitValue(), out, errText.toString());
    }

    @Test
    void aCommandExitsWith0AndTeardownSeesItCompleted() throws Exception {
        Exit exit = java("hello");

        assertThat(exit.status()).isZero();
        assertThat(exit.out()).isEqualTo("Hello from demo (app context: true, request context: false)\n");
        assertThat(exit.err()).isEqualTo("teardown: COMPLETED\n");
    }

    @Test
    void aFailingCommandExitsWith1AndTeardownSeesItsException() throws Exception {
        Exit exit = java("fail");

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.out()).isEmpty();
        assertThat(exit.err()).isEqualTo("""
                teardown: Failed(java.lang.IllegalStateException: disk full)
                Error: fail failed: java.lang.IllegalStateException: disk full
                Run it again with --debug to see the stack trace.
                """);
    }

    @Test
    void debugPrintsTheStackTrace() throws Exception {
        Exit exit = java("--debug", "fail");

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.err()).contains("java.lang.IllegalStateException: disk full\n\tat dev.carafe.cli.DemoApp");
    }

    @Test
    void aPicocliCommandsOwnStatusIsTheProcessStatus() throws Exception {
        Exit exit = java("greet", "nobody");

        assertThat(exit.status()).isEqualTo(3);
        assertThat(exit.out()).isEqualTo("Hello, nobody, from demo\n");
    }

    @Test
    void usageErrorsExitWith2AndPrintTheUsage() throws Exception {
        Exit unknown = java("frobnicate");
        Exit missing = java("greet");

        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unmatched argument at index 0: 'frobnicate'\n")
                .contains("Usage: demo [-hV] [--debug] [COMMAND]");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Missing required parameter: 'NAME'\nUsage: demo greet");
    }

    @Test
    void helpListsTheCommandsAndVersionPrintsVersions() throws Exception {
        Exit help = java("--help");
        Exit version = java("--version");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("""
                Commands:
                  fail    Fail on purpose.
                  greet   Greet someone by name.
                  hello   Say hello from inside the app context.
                  routes  Shows the app's routes: endpoint, methods and rule.
                  run     Serves the app until Ctrl-C or SIGTERM; the default when no command
                """);
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("demo 1.2.3\nCarafe ").contains("\nJava ");
    }

    @Test
    void routesPrintsTheTable() throws Exception {
        Exit exit = java("routes");

        assertThat(exit.status()).isZero();
        assertThat(exit.out()).isEqualTo("""
                Endpoint  Methods    Rule
                --------  ---------  --------------
                index     GET        /
                login     POST       /login
                search    GET        /search
                user      GET, POST  /user/<int:id>
                """);
        assertThat(exit.err()).isEqualTo("teardown: COMPLETED\n");
    }

    @Test
    void noCommandRunsTheServerAndSaysWhatIsMissingWithoutOne() throws Exception {
        Exit exit = java();

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.err()).startsWith("Error: run failed: No server module found, so app.run() cannot serve 'demo'.");
    }
}
