package dev.carafe.benchmarks.jmh;

import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;

import dev.carafe.Carafe;
import dev.carafe.Context;
import dev.carafe.Key;
import dev.carafe.Request;
import dev.carafe.testing.TestRequest;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the current request, a {@code g} value and the app from code that holds no reference
 * to the context (the access path), inside a pushed request context. The target is zero
 * allocation per read ({@code -prof gc}: {@code gc.alloc.rate.norm}). The reads go through a
 * method the JIT may not inline, standing for "deep" code far from the handler.
 *
 * <p>The context is pushed per iteration, not per trial: JMH may run iterations on different
 * worker threads, and a context is current only on the thread that pushed it.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class AccessBenchmarks {
    static final Key<String> USER = Key.of("user", String.class);
    private static final ThreadLocal<Object> THREAD_LOCAL = new ThreadLocal<>();
    private static final ContextKey<Object> OTEL_KEY = ContextKey.named("bench");

    private Carafe app;
    private Context ctx;
    private Scope otelScope;

    /** Builds an app with one route. */
    @Setup(Level.Trial)
    public void setupApp() {
        app = Carafe.create("bench");
        app.get("/users/search", () -> "ok");
    }

    /** Pushes a request context with a {@code g} value, and the baselines' values, on this iteration's thread. */
    @Setup(Level.Iteration)
    public void push() {
        ctx = app.testRequestContext(TestRequest.get("/users/search?q=ada")).push();
        g().set(USER, "ada");
        THREAD_LOCAL.set("ada");
        otelScope = io.opentelemetry.context.Context.current().with(OTEL_KEY, "ada").makeCurrent();
    }

    /** Pops everything {@link #push} made current. */
    @TearDown(Level.Iteration)
    public void pop() {
        otelScope.close();
        THREAD_LOCAL.remove();
        ctx.close();
    }

    /** Reads {@code Globals.request()}. */
    @Benchmark
    public Request currentRequest() {
        return deepRequest();
    }

    /** Reads {@code Globals.request().path()}. */
    @Benchmark
    public String currentRequestPath() {
        return deepRequest().path();
    }

    /** Reads a {@code g} value with {@code g().require(key)}. */
    @Benchmark
    public String gRequire() {
        return deepG();
    }

    /** Reads a {@code g} value with {@code g().get(key, default)}. */
    @Benchmark
    public String gGetOrDefault() {
        return g().get(USER, "nobody");
    }

    /** Reads {@code Globals.currentApp()}. */
    @Benchmark
    public Carafe currentAppRead() {
        return deepApp();
    }

    /** Baseline: a raw thread-local read. */
    @Benchmark
    public Object baselineThreadLocalGet() {
        return THREAD_LOCAL.get();
    }

    /** Baseline: OpenTelemetry's {@code Context.current().get(key)}. */
    @Benchmark
    public Object baselineOtelCurrentGet() {
        return io.opentelemetry.context.Context.current().get(OTEL_KEY);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static Request deepRequest() {
        return request();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static String deepG() {
        return g().require(USER);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static Carafe deepApp() {
        return currentApp();
    }
}
