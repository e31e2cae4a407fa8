package dev.carafe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the load harness ({@code load/run.sh}) in its smoke mode, seconds per scenario, so that
 * the harness, the comparison servers and the report never rot. It checks that every server
 * answered every scenario with 200 and no socket errors, and that the table and the chart were
 * written; it judges no number. Needs {@code wrk} (and gunicorn for the Flask row), which
 * {@code .ci/setup.sh} installs; without wrk it is skipped with that message.
 */
class LoadHarnessSmokeIT {
    private static final Path SCRIPT = Path.of("load", "run.sh").toAbsolutePath();

    private static boolean flaskAvailable() {
        return Processes.onPath("gunicorn") && Files.isExecutable(Path.of("/usr/bin/python3"));
    }

    private static Processes.Result harness(Path out, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--smoke", "--no-install",
                "--jar", Processes.property("benchmarks.jar"), "--out", out.toString()));
        command.addAll(List.of(options));
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        return Processes.run(command, SCRIPT.getParent(), env, out.resolve("harness.log"), 600);
    }

    @Test
    void everyServerAnswersEveryScenarioAndTheTableAndChartAreWritten() throws Exception {
        assumeTrue(Processes.onPath("wrk"), "wrk is not installed; .ci/setup.sh installs it (apt-get install wrk)");
        Path out = Path.of(Processes.property("benchmarks.out"), "load-smoke");
        String servers = "raw-jetty-vt,raw-jetty-nb,javalin,carafe" + (flaskAvailable() ? ",flask" : "");

        Processes.Result result = harness(out, "--servers", servers);

        assertThat(result.exitCode()).as("harness exit code; output:\n%s", result.output()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("results.tsv"));
        List<String> seen = new ArrayList<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t", -1);
            seen.add(f[1] + " " + f[2]);
            assertThat(Long.parseLong(f[3])).as("requests of %s", row).isPositive();
            assertThat(f[8]).as("socket and status errors of %s", row).isEqualTo("0");
            assertThat(f[11]).as("note of %s (a scenario answering anything but 200)", row).isEmpty();
        }
        for (String server : servers.split(",")) {
            assertThat(seen).contains(server + " plaintext", server + " json", server + " params");
        }
        assertThat(seen).contains("carafe full", "raw-jetty-vt full");
        assertThat(result.output()).contains("| scenario | server | req/s |", "Headline ratios");
        assertThat(Files.readString(out.resolve("benchmarks-load.svg"))).startsWith("<svg").contains("Carafe (carafe-jetty)");
    }

    @Test
    void slowRequestsHeldOpenAllCompleteAndTheFootprintIsReported() throws Exception {
        assumeTrue(Processes.onPath("wrk"), "wrk is not installed; .ci/setup.sh installs it (apt-get install wrk)");
        Path out = Path.of(Processes.property("benchmarks.out"), "memory-smoke");

        Processes.Result result = harness(out, "--memory", "200");

        assertThat(result.exitCode()).as("harness exit code; output:\n%s", result.output()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("memory.tsv"));
        assertThat(rows).hasSize(3);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t", -1);
            assertThat(Long.parseLong(f[4])).as("completed requests of %s, each one counted by SlowClient", row)
                    .isEqualTo(200);
            assertThat(f[5]).as("errors of %s", row).isEqualTo("0");
        }
        assertThat(result.output()).contains("| server | concurrent |", "heap per request KB");
    }
}
