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
import dev.carafe.spi.RunningServer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carafe on {@code carafe-jetty}, started with {@code app.start(host, port)}, answering the same
 * scenarios as the other servers (see {@link Payloads}) plus {@code /full}: the full-context
 * scenario, which uses every per-request feature an app would.
 *
 * <p>{@code /full} answers {@code Hello, World!} like {@code /plaintext} and also: reads and
 * writes the session (a visit counter), opens a {@code g} resource closed at teardown, reads the
 * user context (a {@link Caller} made from the request), and registers an after-this-request
 * function that adds a header. Its {@code X-Full-Parts} header lists the parts it exercised, so
 * the harness can record what a run measured (the session is left out when the app has only the
 * null session).
 * <pre>java -cp benchmarks.jar dev.carafe.benchmarks.servers.CarafeServer PORT</pre>
 */
public final class CarafeServer {
    /** How many g resources were closed at teardown; read by nobody, kept so the work is real. */
    static final AtomicLong CLOSED = new AtomicLong();

    private static final Key<Resource> RESOURCE = Key.of("resource", Resource.class);
    private static final Key<Long> VISITS = Key.of("visits", Long.class);
    private static final String PARTS = "g-resource,user-context,after-this-request";
    private static final String PARTS_WITH_SESSION = "session," + PARTS;

    /** The user context of the full scenario: who is calling, from a request header. */
    public record Caller(String name) {}

    private CarafeServer() {}

    /** A per-request resource, like a database connection, closed when the request ends. */
    static final class Resource implements AutoCloseable {
        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Returns the benchmark app. */
    public static Carafe app() {
        Carafe app = Carafe.create("bench", Config.builder()
                .set(Config.SECRET_KEY, "benchmark-secret-key-not-for-production")
                .build());
        app.get("/plaintext", () -> Payloads.HELLO);
        app.get("/json", Payloads::message);
        app.get("/users/<int:id>", () -> Payloads.userText(request().pathParam("id", Integer.class),
                request().args().get("q", "")));
        app.get("/slow", () -> Payloads.slow(request().args().get("ms", Long::parseLong).orElseThrow()));
        app.get("/_heap", () -> Response.text(Payloads.heapJson(request().args().get("gc", "0").equals("1")))
                .header("Content-Type", "application/json"));
        UserContext<Caller> caller = app.userContext(Caller.class,
                request -> new Caller(request.headers().get("X-User", "anonymous")));
        app.get("/full", () -> {
            Session s = session();
            boolean withSession = !s.isNull();
            if (withSession) {
                s.set(VISITS, s.get(VISITS, 0L) + 1);
            }
            g().resource(RESOURCE, Resource::new);
            String who = caller.current().name();
            afterThisRequest(response -> response.header("X-After", "1"));
            return Response.text(Payloads.HELLO).header("X-User", who)
                    .header("X-Full-Parts", withSession ? PARTS_WITH_SESSION : PARTS);
        });
        return app;
    }

    /** Starts the app on 127.0.0.1:PORT and blocks. */
    public static void main(String[] args) throws InterruptedException {
        int port = Payloads.port(args, "CarafeServer PORT");
        RunningServer server = app().start("127.0.0.1", port);
        Payloads.ready("carafe", server.port());
        server.join();
    }
}
