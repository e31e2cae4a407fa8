package dev.carafe.benchmarks.jmh;

import dev.carafe.Carafe;
import dev.carafe.Context;
import dev.carafe.testing.TestRequest;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Pushing and popping contexts, against the three ways the JDK and the ecosystem make a value
 * current: a raw {@link ThreadLocal}, a {@link ScopedValue} binding and OpenTelemetry's
 * {@code Context.makeCurrent()}. Each Carafe context is new per operation, as in real use
 * (a context is used once), and the app has a teardown callback registered for each kind.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class ContextBenchmarks {
    private static final ThreadLocal<Object> THREAD_LOCAL = new ThreadLocal<>();
    private static final ScopedValue<Object> SCOPED = ScopedValue.newInstance();
    private static final ContextKey<Object> OTEL_KEY = ContextKey.named("bench");

    private Carafe app;
    private TestRequest request;
    private final Object value = new Object();
    private int teardowns;
    private Runnable readScoped;
    private Blackhole blackhole;

    /** Builds the app with one teardown callback for app contexts and one for requests. */
    @Setup
    public void setup(Blackhole bh) {
        blackhole = bh;
        app = Carafe.create("bench");
        app.get("/", () -> "Hello, World!");
        app.teardownAppContext(outcome -> teardowns++);
        app.teardownRequest(outcome -> teardowns++);
        request = TestRequest.get("/");
        readScoped = () -> blackhole.consume(SCOPED.get());
    }

    /** Creates an app context, pushes it and pops it (running its teardown). */
    @Benchmark
    public Context carafeAppContextPushPop() {
        Context ctx = app.appContext();
        ctx.push().close();
        return ctx;
    }

    /** Creates a request context for {@code GET /}, pushes it (session open, URL match) and pops it (request teardown). */
    @Benchmark
    public Context carafeRequestContextPushPop() {
        Context ctx = app.testRequestContext(request);
        ctx.push().close();
        return ctx;
    }

    /** Baseline: the cheapest way to make a value current on a thread. */
    @Benchmark
    public Object baselineThreadLocalSetGetRemove() {
        THREAD_LOCAL.set(value);
        Object v = THREAD_LOCAL.get();
        THREAD_LOCAL.remove();
        return v;
    }

    /** Baseline: binds a scoped value around a task that reads it. */
    @Benchmark
    public void baselineScopedValueRun() {
        ScopedValue.where(SCOPED, value).run(readScoped);
    }

    /** Baseline: OpenTelemetry's idiom, {@code Context.current().with(key, v).makeCurrent()} then {@code close()}. */
    @Benchmark
    public io.opentelemetry.context.Context baselineOtelMakeCurrentClose() {
        io.opentelemetry.context.Context ctx = io.opentelemetry.context.Context.current().with(OTEL_KEY, value);
        Scope scope = ctx.makeCurrent();
        scope.close();
        return ctx;
    }
}
