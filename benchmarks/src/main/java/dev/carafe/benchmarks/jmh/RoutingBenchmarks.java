package dev.carafe.benchmarks.jmh;

import dev.carafe.Carafe;
import dev.carafe.Context;
import dev.carafe.Group;
import dev.carafe.testing.TestRequest;
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
 * Route matching in an app of 200 routes: 80 static, 60 parametric and 60 in six prefixed
 * groups. Carafe matches the URL when a request context is pushed, and the router is not
 * exported, so each benchmark pushes and pops a request context for one URL; the
 * {@code oneRouteApp} benchmark does the same in an app with a single route, and the difference
 * is the cost of matching among 200 routes.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class RoutingBenchmarks {
    private Carafe app;
    private Carafe oneRoute;
    private TestRequest staticPath;
    private TestRequest parametricPath;
    private TestRequest groupPath;
    private TestRequest notFoundPath;
    private TestRequest oneRoutePath;

    /** Registers the 200 routes and checks that each benchmark URL matches the intended route. */
    @Setup
    public void setup() {
        app = Carafe.create("routes");
        for (int i = 0; i < 80; i++) {
            app.get("/pages/p" + i, "page" + i, () -> "ok");
        }
        for (int i = 0; i < 30; i++) {
            app.get("/things" + i + "/<int:id>", "thing" + i, () -> "ok");
            app.get("/things" + i + "/<int:id>/<name>", "thingName" + i, () -> "ok");
        }
        for (int g = 0; g < 6; g++) {
            Group group = app.group("g" + g, "/api/v1/g" + g);
            for (int i = 0; i < 5; i++) {
                group.get("/items" + i, "items" + i, () -> "ok");
                group.get("/items" + i + "/<int:id>", "item" + i, () -> "ok");
            }
        }
        if (app.routes().size() != 200) {
            throw new IllegalStateException("expected 200 routes, registered " + app.routes().size());
        }
        oneRoute = Carafe.create("one-route");
        oneRoute.get("/pages/p79", "page79", () -> "ok");

        staticPath = expect(app, "/pages/p79", "page79");
        parametricPath = expect(app, "/things29/42/edit", "thingName29");
        groupPath = expect(app, "/api/v1/g5/items4/7", "g5.item4");
        notFoundPath = TestRequest.get("/api/v1/g5/nothing/here");
        oneRoutePath = expect(oneRoute, "/pages/p79", "page79");
    }

    private static TestRequest expect(Carafe app, String path, String endpoint) {
        TestRequest request = TestRequest.get(path);
        try (Context ctx = app.testRequestContext(request).push()) {
            String matched = ctx.request().endpoint().orElse("<none>");
            if (!matched.equals(endpoint)) {
                throw new IllegalStateException(path + " matched " + matched + ", expected " + endpoint);
            }
        }
        return request;
    }

    /** A static route, the last of 80 registered. */
    @Benchmark
    public Context staticRoute() {
        return pushPop(app, staticPath);
    }

    /** A route with two parameters ({@code <int:id>/<name>}) among 60 parametric ones. */
    @Benchmark
    public Context parametricRoute() {
        return pushPop(app, parametricPath);
    }

    /** A parametric route in the last of six prefixed groups. */
    @Benchmark
    public Context groupRoute() {
        return pushPop(app, groupPath);
    }

    /** A URL that matches nothing (the 404 path). */
    @Benchmark
    public Context notFound() {
        return pushPop(app, notFoundPath);
    }

    /** Baseline: the same push and pop in an app with one route, so matching costs almost nothing. */
    @Benchmark
    public Context oneRouteApp() {
        return pushPop(oneRoute, oneRoutePath);
    }

    private static Context pushPop(Carafe app, TestRequest request) {
        Context ctx = app.testRequestContext(request);
        ctx.push().close();
        return ctx;
    }
}
