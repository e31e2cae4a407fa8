package dev.carafe.benchmarks.jmh;

import static dev.carafe.Globals.session;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.spi.SessionInterface;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The default signed-cookie session, through its public {@link SessionInterface}: decoding and
 * verifying the cookie ({@code open}), and that plus changing a value and encoding and signing
 * the new cookie ({@code save}). Two sizes: a small session (a user id and a CSRF token) and one
 * whose cookie is about 2 KB. The cookie is made by the app itself in setup.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-preview")
public class SessionBenchmarks {
    @Param({"small", "2kb"})
    public String size;

    private Carafe app;
    private SessionInterface sessions;
    private String cookie;
    private Context ctx;
    private Request request;
    private long counter;

    /** Makes the session cookie with a request that fills the session. */
    @Setup(Level.Trial)
    public void makeCookie() {
        app = Carafe.create("sessions", Config.builder().set(Config.SECRET_KEY, "benchmark-secret-key").build());
        Map<String, Object> values = values(size);
        app.get("/fill", () -> {
            values.forEach(session()::put);
            return "filled";
        });
        sessions = app.sessionInterface();
        TestClient client = app.testClient();
        client.get("/fill");
        cookie = client.cookies().get("session");
        if (cookie == null) {
            throw new IllegalStateException("the app set no session cookie; is a signed-cookie session interface"
                    + " the default (not the null-session placeholder)?");
        }
        System.out.println("session cookie for '" + size + "': " + cookie.length() + " bytes");
    }

    static Map<String, Object> values(String size) {
        Random random = new Random(42);
        if (size.equals("small")) {
            return Map.of("user_id", 42, "csrf_token", token(random, 40));
        }
        List<Map<String, Object>> cart = new ArrayList<>();
        for (int i = 0; i < 34; i++) {
            cart.add(Map.of("sku", token(random, 12), "qty", 1 + random.nextInt(5), "note", token(random, 32)));
        }
        return Map.of("user_id", 42, "csrf_token", token(random, 40), "cart", cart);
    }

    private static String token(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Pushes a request context carrying the cookie, on this iteration's thread. */
    @Setup(Level.Iteration)
    public void push() {
        ctx = app.testRequestContext(TestRequest.get("/").cookie("session", cookie)).push();
        request = ctx.request();
        Session s = sessions.open(app, request).orElseThrow();
        if (s.isEmpty()) {
            throw new IllegalStateException("the session cookie did not verify: " + cookie);
        }
    }

    /** Pops the request context. */
    @TearDown(Level.Iteration)
    public void pop() {
        ctx.close();
    }

    /** Decodes and verifies the cookie, and reads one value. */
    @Benchmark
    public Object decodeVerify() {
        return sessions.open(app, request).orElseThrow().get("user_id");
    }

    /** Decodes and verifies the cookie, changes a value, and encodes and signs the new cookie. */
    @Benchmark
    public Response decodeVerifyEncode() {
        Session s = sessions.open(app, request).orElseThrow();
        s.put("n", counter++);
        Response response = Response.text("ok");
        sessions.save(app, s, response);
        return response;
    }
}
