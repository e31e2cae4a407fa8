package dev.carafe.benchmarks.servers;

import static dev.carafe.Globals.afterThisRequest;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Key;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.UserContext;
import dev.carafe.correlation.Correlation;
import dev.carafe.spi.RunningServer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Carafe on {@code carafe-jetty}, started with {@code app.start(host, port)}: two apps in one
 * JVM, each on its own port.
 * <ul>
 *   <li>the <b>bare</b> app answers the scenarios every server answers (see {@link Payloads}),
 *       with nothing installed but its routes;</li>
 *   <li>the <b>full</b> app answers {@code /plaintext} the same way and {@code /full}, the
 *       full-context scenario: correlation ids installed ({@code carafe-correlation}: the id read
 *       or made per request, put in the MDC and echoed in {@code X-Request-ID}), the session read
 *       and written (a visit counter in the signed cookie), a {@code g} resource closed at
 *       teardown, the user context read (a {@link Caller} made from the request), and an
 *       after-this-request function that adds a header.</li>
 * </ul>
 * Two apps, because correlation ids apply to every request of the app that installs them: the
 * bare app's plaintext stays bare. {@code /full}'s {@code X-Full-Parts} header lists the parts
 * it exercised (the session is left out when the app has only the null session), so the
 * harness records what a run measured.
 *
 * <p>To see what each part costs, the system property {@value #WITHOUT} leaves parts out of
 * {@code /full}: a comma-separated list of {@code session} (no secret key, so the null
 * session), {@code correlation-id}, {@code g-resource}, {@code user-context} and
 * {@code after-this-request}. {@code X-Full-Parts} then lists only the parts kept.
 * <pre>java -cp benchmarks.jar [-Dcarafe.bench.without=session] dev.carafe.benchmarks.servers.CarafeServer PORT [FULL_PORT]</pre>
 */
public final class CarafeServer {
    /** How many g resources were closed at teardown; kept so that the close does real work. */
    static final AtomicLong CLOSED = new AtomicLong();

    private static final Key<Resource> RESOURCE = Key.of("resource", Resource.class);
    private static final Key<Long> VISITS = Key.of("visits", Long.class);
    /** The system property that leaves parts out of {@code /full}. */
    static final String WITHOUT = "carafe.bench.without";
    private static final List<String> PARTS = List.of("session", "correlation-id", "g-resource", "user-context",
            "after-this-request");

    private CarafeServer() {}

    /** The user context of the full scenario: who is calling, from a request header. */
    public record Caller(String name) {}

    /** A per-request resource, like a database connection, closed when the request ends. */
    static final class Resource implements AutoCloseable {
        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Returns the bare app: the common scenarios only. */
    public static Carafe bareApp() {
        Carafe app = Carafe.create("bench");
        app.get("/plaintext", () -> Payloads.HELLO);
        app.get("/json", Payloads::message);
        app.get("/users/<int:id>", () -> Payloads.userText(request().pathParam("id", Integer.class),
                request().args().get("q", "")));
        app.get("/slow", () -> Payloads.slow(request().args().get("ms", Long::parseLong).orElseThrow()));
        app.get("/_heap", () -> Response.text(Payloads.heapJson(request().args().get("gc", "0").equals("1")))
                .header("Content-Type", "application/json"));
        return app;
    }

    /** Returns the full app: every per-request feature installed, serving {@code /plaintext} and {@code /full}. */
    public static Carafe fullApp() {
        return fullApp(Set.of());
    }

    /**
     * Returns the full app without the parts named in {@code without} (see {@link #WITHOUT}).
     *
     * @throws IllegalArgumentException for a name that is not a part
     */
    static Carafe fullApp(Set<String> without) {
        for (String part : without) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("unknown part \"" + part + "\" in -D" + WITHOUT + "; the parts are " + PARTS);
            }
        }
        Carafe app = without.contains("session") ? Carafe.create("bench-full") : Carafe.create("bench-full",
                Config.builder().set(Config.SECRET_KEY, "benchmark-secret-key-not-for-production").build());
        if (!without.contains("correlation-id")) {
            Correlation.install(app);
        }
        UserContext<Caller> caller = app.userContext(Caller.class,
                request -> new Caller(request.headers().get("X-User", "anonymous")));
        boolean withG = !without.contains("g-resource");
        boolean withUser = !without.contains("user-context");
        boolean withAfter = !without.contains("after-this-request");
        String partsWithSession = parts(true, without);
        String partsWithNullSession = parts(false, without);
        app.get("/plaintext", () -> Payloads.HELLO);
        app.get("/full", () -> {
            Session s = session();
            boolean withSession = !s.isNull();
            if (withSession) {
                s.set(VISITS, s.get(VISITS, 0L) + 1);
            }
            if (withG) {
                g().resource(RESOURCE, Resource::new);
            }
            String who = withUser ? caller.current().name() : "-";
            if (withAfter) {
                afterThisRequest(response -> response.header("X-After", "1"));
            }
            return Response.text(Payloads.HELLO).header("X-User", who)
                    .header("X-Full-Parts", withSession ? partsWithSession : partsWithNullSession);
        });
        return app;
    }

    /** The parts {@code /full} exercises, for its {@code X-Full-Parts} header. */
    private static String parts(boolean withSession, Set<String> without) {
        return PARTS.stream().filter(p -> p.equals("session") ? withSession : !without.contains(p))
                .collect(Collectors.joining(","));
    }

    /** Starts both apps on 127.0.0.1 (PORT and FULL_PORT; 0 picks free ones) and blocks. */
    public static void main(String[] args) throws InterruptedException {
        int port = Payloads.port(args, "CarafeServer PORT [FULL_PORT]");
        int fullPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        RunningServer bare = bareApp().start("127.0.0.1", port);
        Set<String> without = Arrays.stream(System.getProperty(WITHOUT, "").split(",")).map(String::strip)
                .filter(part -> !part.isEmpty()).collect(Collectors.toSet());
        RunningServer full = fullApp(without).start("127.0.0.1", fullPort);
        System.out.println("FULL http://127.0.0.1:" + full.port() + "/");
        Payloads.ready("carafe", bare.port());
        bare.join();
    }
}
