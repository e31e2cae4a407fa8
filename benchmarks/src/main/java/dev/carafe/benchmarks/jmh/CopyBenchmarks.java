package dev.carafe.benchmarks.jmh;

import static dev.carafe.Globals.copyContext;
import static dev.carafe.Globals.request;

import dev.carafe.Carafe;
import dev.carafe.Context;
import dev.carafe.testing.TestRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Copying the current request context for background work and running the copy (on the same
 * thread, so the number is the context's cost, not a thread hand-off's).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class CopyBenchmarks {
    private Carafe app;
    private Context ctx;
    private Runnable task;

    /** Builds an app whose app contexts have a teardown callback, as copies run them. */
    @Setup(Level.Trial)
    public void setupApp(Blackhole bh) {
        app = Carafe.create("bench");
        app.get("/", () -> "ok");
        app.teardownAppContext(outcome -> { });
        task = () -> bh.consume(request().path());
    }

    /** Pushes a request context on this iteration's thread. */
    @Setup(Level.Iteration)
    public void push() {
        ctx = app.testRequestContext(TestRequest.get("/")).push();
    }

    /** Pops the request context. */
    @TearDown(Level.Iteration)
    public void pop() {
        ctx.close();
    }

    /** Copies the current context and runs a task that reads the request in the copy. */
    @Benchmark
    public void copyAndRun() {
        copyContext().run(task);
    }
}
