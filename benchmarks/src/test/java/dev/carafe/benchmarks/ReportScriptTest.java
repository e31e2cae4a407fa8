package dev.carafe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load harness's report: ratios are taken within a round, then the median over rounds. */
class ReportScriptTest {
    private static final Path REPORT = Path.of("load", "report.py").toAbsolutePath();
    private static final String HEADER = "round\tserver\tscenario\trequests\tseconds\trps\tp50_us\tp99_us\terrors\tcpu_ticks\tclk_tck\tnote\n";

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    @Test
    void ratiosArePairedWithinEachRoundAndTheMedianAndRangeAreShown(@TempDir Path dir) throws Exception {
        // raw Jetty's rate doubles in round 2 (machine noise); Carafe's ratio stays near 0.9 in every round.
        Files.writeString(dir.resolve("results.tsv"), HEADER
                + "1\traw-jetty-vt\tplaintext\t10000\t10\t1000.0\t1000\t5000\t0\t100\t100\t\n"
                + "1\tcarafe\tplaintext\t9000\t10\t900.0\t1100\t5500\t0\t100\t100\t\n"
                + "2\traw-jetty-vt\tplaintext\t20000\t10\t2000.0\t500\t2500\t0\t100\t100\t\n"
                + "2\tcarafe\tplaintext\t16000\t10\t1600.0\t600\t3000\t0\t100\t100\t\n"
                + "3\traw-jetty-vt\tplaintext\t10000\t10\t1000.0\t1000\t5000\t0\t100\t100\t\n"
                + "3\tcarafe\tplaintext\t9500\t10\t950.0\t1000\t5000\t0\t100\t100\t\n"
                + "1\tcarafe\tfull\t4500\t10\t450.0\t2000\t9000\t0\t100\t100\t\n"
                + "2\tcarafe\tfull\t8000\t10\t800.0\t1000\t5000\t0\t100\t100\t\n"
                + "3\tcarafe\tfull\t7600\t10\t760.0\t1000\t5000\t0\t100\t100\t\n"
                + "1\traw-jetty-vt\tfull\t7000\t10\t700.0\t1500\t6000\t0\t100\t100\t\n"
                + "2\traw-jetty-vt\tfull\t16000\t10\t1600.0\t800\t3000\t0\t100\t100\t\n"
                + "3\traw-jetty-vt\tfull\t8000\t10\t800.0\t1000\t5000\t0\t100\t100\t\n");
        Path chart = dir.resolve("chart.svg");

        Processes.Result result = Processes.run(List.of(python(), REPORT.toString(), "load",
                dir.resolve("results.tsv").toString(), "--chart", chart.toString()), dir, Map.of(), dir.resolve("out.txt"), 60);

        assertThat(result.exitCode()).as(result.output()).isZero();
        // ratios 0.90, 0.80, 0.95: median 0.90, range 0.80-0.95; CPU per request 111.1, 62.5, 105.3 us: median 105.3,
        // against raw Jetty's 100, 50, 100 us: 1.11, 1.25, 1.05, median 1.11
        assertThat(result.output())
                .contains("| plaintext | Carafe (carafe-jetty) | 950 | 0.90× (0.80–0.95) |")
                .contains("| 105.3 | 1.11× |")
                .contains("- plaintext: Carafe / raw Jetty VT req/s 0.90× (rounds: 0.80–0.95)")
                // full context against Carafe's own plaintext, per round: 0.50, 0.50, 0.80
                .contains("full context / Carafe plaintext: req/s 0.50× (rounds: 0.50–0.80)")
                // raw Jetty's /full against its own plaintext, per round: 0.70, 0.80, 0.80 (the ceiling);
                // Carafe's full context against it: 0.64, 0.50, 0.95
                .contains("the full-context exchange alone (raw Jetty VT's /full / its plaintext): req/s 0.80× (rounds: 0.70–0.80)")
                .contains("Carafe full context / that exchange: req/s 0.64× (rounds: 0.50–0.95)")
                .contains("| full context | raw Jetty VT, exchange only | 800 |");
        assertThat(Files.readString(chart)).startsWith("<svg").contains("0.90×");
    }

    @Test
    void memoryTableGivesTheFootprintPerRequestAgainstRawJetty(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("memory.tsv"), "server\tconcurrent\theld_ms\tpeak_inflight\tcompleted\terrors"
                + "\theap_idle\theap_held\tbytes_per_request\trss_idle_kb\trss_held_kb\n"
                + "raw-jetty-vt\t10000\t20000\t10000\t10000\t0\t10485760\t52428800\t4096\t102400\t204800\n"
                + "carafe\t10000\t20000\t10000\t10000\t0\t10485760\t73400320\t6144\t102400\t256000\n");

        Processes.Result result = Processes.run(List.of(python(), REPORT.toString(), "memory",
                dir.resolve("memory.tsv").toString()), dir, Map.of(), dir.resolve("out.txt"), 60);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("| Carafe (carafe-jetty) | 10000 | 10000 | 10000 | 0 | 10.0 | 70.0 | 6.0 | 1.50× | 100 | 250 |");
    }

    @Test
    void jmhTableGivesCpuTimeAsARatioToOpenTelemetryFromTheSameRun(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("jmh.json"), """
                [{"benchmark": "dev.carafe.benchmarks.jmh.ContextBenchmarks.baselineOtelMakeCurrentClose",
                  "primaryMetric": {"score": 20.0, "scoreError": 1.0},
                  "secondaryMetrics": {"cpu.time.norm": {"score": 16.0}, "gc.alloc.rate.norm": {"score": 40.0}}},
                 {"benchmark": "dev.carafe.benchmarks.jmh.ContextBenchmarks.carafeAppContextPushPop",
                  "primaryMetric": {"score": 30.0, "scoreError": "NaN"},
                  "secondaryMetrics": {"cpu.time.norm": {"score": 24.0}, "gc.alloc.rate.norm": {"score": 0.0001}}}]
                """);

        Processes.Result result = Processes.run(List.of(python(), REPORT.toString(), "jmh",
                dir.resolve("jmh.json").toString()), dir, Map.of(), dir.resolve("out.txt"), 60);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("| ContextBenchmarks.baselineOtelMakeCurrentClose | 20.0 | 1.0 | 16.0 | 1.00× | 40.0 |")
                .contains("| ContextBenchmarks.carafeAppContextPushPop | 30.0 | n/a | 24.0 | 1.50× | 0.0 |");
    }
}
