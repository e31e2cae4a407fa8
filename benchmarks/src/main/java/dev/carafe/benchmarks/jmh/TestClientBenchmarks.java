package dev.carafe.benchmarks.jmh;

import static dev.carafe.Globals.request;

import dev.carafe.Carafe;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole request through the in-memory test client: context, hooks, handler, response and
 * teardown, with no socket.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class TestClientBenchmarks {
    /** The small record the JSON scenario returns. */
    public record Message(String message, int id) {}

    private TestClient client;

    /** Builds the app with the load harness's plaintext and JSON routes. */
    @Setup
    public void setup() {
        Carafe app = Carafe.create("bench");
        app.get("/plaintext", () -> "Hello, World!");
        app.get("/json", () -> new Message("Hello, World!", 1));
        app.get("/search", () -> "q=" + request().args().get("q", ""));
        client = app.testClient();
        for (String path : new String[] {"/plaintext", "/json", "/search?q=ada"}) {
            int status = client.get(path).status();
            if (status != 200) {
                throw new IllegalStateException("GET " + path + " answered " + status + ", expected 200");
            }
        }
    }

    /** {@code GET /plaintext}, answering "Hello, World!". */
    @Benchmark
    public TestResponse plaintext() {
        return client.get("/plaintext");
    }

    /** {@code GET /json}, answering a small record as JSON. */
    @Benchmark
    public TestResponse json() {
        return client.get("/json");
    }

    /** {@code GET /search?q=ada}, reading a query argument. */
    @Benchmark
    public TestResponse queryArgument() {
        return client.get("/search?q=ada");
    }
}
