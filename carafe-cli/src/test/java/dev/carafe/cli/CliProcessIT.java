package dev.carafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    /** Starts the demo app; with {@code server}, carafe-jetty is on its class path, so that {@code run} serves. */
    static Process start(boolean server, String... args) throws IOException {
        return start(DemoApp.class, server, args);
    }

    /** Starts {@code main}'s {@code main} method; with {@code server}, carafe-jetty is on its class path. */
    static Process start(Class<?> main, boolean server, String... args) throws IOException {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        // Failsafe puts the project on the module path and the rest on the class path; the child needs both.
        String classPath = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isBlank())
                .flatMap(p -> Stream.of(p.split(File.pathSeparator)))
                .filter(entry -> server || !entry.contains("carafe-jetty"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(javaBinary, "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        return process;
    }

    /** Runs the demo app without a server module to the end. */
    static Exit java(String... args) throws IOException, InterruptedException {
        Process process = start(false, args);
        // Read both streams concurrently, so that a full pipe cannot block the child.
        StringBuilder errText = new StringBuilder();
        Thread err = Thread.ofVirtual().start(() -> collect(process, errText));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        err.join();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the demo app did not exit: " + List.of(args));
        }
        return new Exit(process.exitValue(), out, errText.toString());
    }

    private static void collect(Process process, StringBuilder errText) {
        try {
            errText.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            errText.append(e);
        }
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
                  run     Serves the app until Ctrl-C or SIGTERM (the default command).
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
    void runServesTheAppOnTheFreePortItPrintsUntilSigterm() throws Exception {
        Process process = start(true, "run", "--port", "0");
        // Collected while the process runs, so that a full pipe cannot block it.
        StringBuilder errText = new StringBuilder();
        Thread err = Thread.ofVirtual().start(() -> collect(process, errText));
        try {
            BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
            String first = out.readLine();
            assertThat(first).as("the first line gives the URL").startsWith(" * Running on http://127.0.0.1:");
            URI url = URI.create(first.substring(" * Running on ".length()) + "/");

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("Hello, World!");
            }

            // SIGTERM: the server stops gracefully and the JVM exits. Unlike Process.destroy(),
            // ProcessHandle.destroy() leaves the pipes open, so the output is read to its end.
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
            err.join();
            assertThat(errText.toString())
                    .as("the request had its own context, torn down once; run pushed none")
                    .isEqualTo("teardown: COMPLETED\n");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void runDebugOnAnAppFromAFactoryServesTheDebugPage() throws Exception {
        Process process = start(FactoryDemoApp.class, true, "run", "--port", "0", "--debug");
        StringBuilder errText = new StringBuilder();
        Thread err = Thread.ofVirtual().start(() -> collect(process, errText));
        try {
            String first = process.inputReader(StandardCharsets.UTF_8).readLine();
            assertThat(first).as("the first line gives the URL; stderr: %s", errText).startsWith(" * Running on http://127.0.0.1:");
            URI base = URI.create(first.substring(" * Running on ".length()));

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> mode = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(mode.body()).isEqualTo("debug true");
                HttpResponse<String> boom = http.send(HttpRequest.newBuilder(base.resolve("/boom")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(boom.statusCode()).isEqualTo(500);
                assertThat(boom.body()).startsWith("Internal Server Error (debug mode)\n\nGET /boom\n\n"
                        + "java.lang.IllegalStateException: boom on purpose");
            }
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            err.join();
            assertThat(errText.toString()).as("no note: the factory turned DEBUG on").doesNotContain("Note:");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void noCommandRunsTheServerAndSaysWhatIsMissingWithoutOne() throws Exception {
        Exit exit = java();

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.err()).startsWith("Error: run failed: No server module found, so app.run() cannot serve 'demo'.");
    }
}
