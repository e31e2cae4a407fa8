package dev.carafe.examples.complete;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar built in the package phase, run as users run it:
 * {@code java -jar complete.jar init-db}, {@code routes}, {@code run}.
 */
class CompleteJarIT {
    @TempDir
    Path dir;

    /** The SQLite file the app is told to use, through CARAFE_DATABASE. */
    private Path database;

    @BeforeEach
    void useATemporaryDatabase() {
        database = dir.resolve("database.db");
    }

    /** What the process printed and how it exited. */
    record Exit(int status, String out, String err) {}

    private Process start(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("complete.jar"));
        assertThat(jar).as("built by the package phase").isRegularFile();
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("CARAFE_DATABASE", database.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private Exit java(String... args) throws Exception {
        Process process = start(args);
        StringBuilder err = new StringBuilder();
        Thread errReader = Thread.ofVirtual().start(() -> collect(process, err));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        errReader.join();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Exit(process.exitValue(), out, err.toString());
    }

    private static void collect(Process process, StringBuilder into) {
        try {
            into.append(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            into.append(e);
        }
    }

    @Test
    void initDbCreatesTheSchemaAndSaysSo() throws Exception {
        Exit exit = java("init-db");

        assertThat(exit.status()).isZero();
        assertThat(exit.out()).isEqualTo("Initialized the database.\n");
        assertThat(exit.err()).isEmpty();
        assertThat(database).isRegularFile();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                ResultSet tables = c.getMetaData().getTables(null, null, "hits", null)) {
            assertThat(tables.next()).as("the hits table exists").isTrue();
        }
    }

    @Test
    void initDbThatCannotOpenTheDatabaseExitsWith1WithoutAStackTrace() throws Exception {
        database = dir.resolve("no-such-folder").resolve("database.db");

        Exit exit = java("init-db");

        assertThat(exit.status()).isEqualTo(1);
        assertThat(exit.out()).isEmpty();
        assertThat(exit.err()).startsWith("Error: init-db failed: Cannot open the SQLite database " + database + ": ")
                .endsWith("Run it again with --debug to see the stack trace.\n")
                .doesNotContain("\tat ");
    }

    @Test
    void routesListsTheAppsRoutes() throws Exception {
        Exit exit = java("routes");

        assertThat(exit.status()).isZero();
        assertThat(exit.out()).isEqualTo("""
                Endpoint  Methods  Rule
                --------  -------  ------
                /         GET      /
                /hits     GET      /hits
                reset     POST     /reset
                """);
    }

    @Test
    void helpListsInitDbAndAnUnknownCommandIsAUsageError() throws Exception {
        Exit help = java("--help");
        Exit unknown = java("init_db");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("  init-db  Initialize the database.\n");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unmatched argument at index 0: 'init_db'\nDid you mean: complete init-db?\n")
                .contains("Usage: complete [-hV] [--debug] [COMMAND]");
    }

    @Test
    void runServesTheAppUntilSigterm() throws Exception {
        Process process = start("run", "--port", "0");
        StringBuilder err = new StringBuilder();
        Thread errReader = Thread.ofVirtual().start(() -> collect(process, err));
        try {
            BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
            String line;
            // Log lines (the example logs at INFO to standard output) may come before the URL line.
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith(" * Running on "));
            assertThat(line).as("run prints the URL it serves on").isNotNull();
            URI url = URI.create(line.substring(" * Running on ".length()) + "/");

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("<p>You have visited this page 1 times</p>");
            }
            assertThat(Files.exists(database)).as("the request opened the database").isTrue();

            // SIGTERM; ProcessHandle.destroy(), unlike Process.destroy(), leaves the pipes open.
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            errReader.join();
            assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
            assertThat(err.toString()).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }
}
