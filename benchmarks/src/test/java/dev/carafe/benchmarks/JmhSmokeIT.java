package dev.carafe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs every JMH benchmark once, briefly, from the shaded {@code benchmarks.jar}, so that none of
 * them rots: one fork, no warm-up, one 100 ms iteration each, with the GC and CPU-time profilers
 * on. Checks that each ran and reported a time, a CPU time and an allocation figure; no number
 * is judged (a CI machine is too noisy for thresholds, and a smoke run too short to mean anything).
 */
class JmhSmokeIT {

    @Test
    void everyBenchmarkRunsFromTheShadedJarAndReportsTimeAndAllocation() throws Exception {
        Path jar = Path.of(Processes.property("benchmarks.jar"));
        Path out = Path.of(Processes.property("benchmarks.out")).resolve("jmh-smoke");
        Files.createDirectories(out);
        Path json = out.resolve("jmh-smoke.json");
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-jar", jar.toString(),
                "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms", "-foe", "true", "-prof", "gc",
                "-prof", "dev.carafe.benchmarks.jmh.CpuTimeProfiler",
                "-rf", "json", "-rff", json.toString()));

        Processes.Result result = Processes.run(command, out, Map.of(), out.resolve("jmh-smoke.log"), 600);

        assertThat(result.exitCode()).as("JMH exit code; output:\n%s", result.output()).isZero();
        JsonNode runs = new ObjectMapper().readTree(json.toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode run : runs) {
            String name = run.get("benchmark").asText();
            names.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
            assertThat(run.at("/primaryMetric/score").asDouble()).as(name).isPositive();
            assertThat(run.at("/secondaryMetrics/gc.alloc.rate.norm/score").isNumber())
                    .as("%s reports allocation per operation", name).isTrue();
            assertThat(run.at("/secondaryMetrics/cpu.time.norm/score").isNumber())
                    .as("%s reports CPU time per operation", name).isTrue();
        }
        assertThat(names).contains(
                "RoutingBenchmarks.staticRoute",
                "SessionBenchmarks.decodeVerifyEncode",
                "ContextBenchmarks.carafeAppContextPushPop",
                "ContextBenchmarks.carafeRequestContextPushPop",
                "ContextBenchmarks.baselineThreadLocalSetGetRemove",
                "ContextBenchmarks.baselineScopedValueRun",
                "ContextBenchmarks.baselineOtelMakeCurrentClose",
                "AccessBenchmarks.currentRequest",
                "AccessBenchmarks.gRequire",
                "AccessBenchmarks.currentAppRead",
                "CopyBenchmarks.copyAndRun",
                "TestClientBenchmarks.plaintext");
    }
}
