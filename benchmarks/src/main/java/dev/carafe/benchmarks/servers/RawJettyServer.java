package dev.carafe.benchmarks.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The baselines: Jetty 12's core {@link Handler} API with no framework, in two modes.
 * <ul>
 *   <li>{@code vt}: a blocking handler, which Jetty runs on a virtual thread per request
 *       (the thread pool's virtual-threads executor): what Carafe runs on;</li>
 *   <li>{@code nonblocking}: a {@link Handler.Abstract.NonBlocking} handler, run on Jetty's
 *       own threads with no hand-off: the fastest Jetty can answer.</li>
 * </ul>
 * Both answer with {@code Content.Sink.write(..., callback)}, Jetty's idiom; the {@code vt} mode
 * also serves {@code /slow}, which blocks its virtual thread. {@code /full} answers the
 * full-context scenario's request with the headers Carafe's {@code /full} writes and does none of
 * its work: the cost of that exchange alone, the ceiling for Carafe's full-context ratio.
 * <pre>java -cp benchmarks.jar dev.carafe.benchmarks.servers.RawJettyServer PORT vt|nonblocking</pre>
 */
public final class RawJettyServer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** {@code X-Full-Parts} of {@code /full}: none of the parts, only the exchange. */
    private static final String EXCHANGE_ONLY = "none: the exchange alone, with the headers Carafe's /full writes";
    /** The session cookie of {@code /full}: a fixed value shaped like Carafe's ({"visits": 1}). */
    private static final String FIXED_SESSION_COOKIE = "session=eyJ2aXNpdHMiOjF9.awKO4g.b4jOqNQljI5WpeeWXzn9L42cgpc";
    private static final ByteBuffer HELLO = ByteBuffer.wrap(Payloads.HELLO.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    private RawJettyServer() {}

    /** Starts the server on 127.0.0.1:PORT in the given mode and blocks. */
    public static void main(String[] args) throws Exception {
        int port = Payloads.port(args, "RawJettyServer PORT vt|nonblocking");
        String mode = args.length > 1 ? args[1] : "vt";
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("jetty");
        Handler handler;
        switch (mode) {
            case "vt" -> {
                pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
                handler = new Blocking();
            }
            case "nonblocking" -> handler = new NonBlocking();
            default -> throw new IllegalArgumentException("mode must be vt or nonblocking, was " + mode);
        }
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        Payloads.ready("raw-jetty-" + mode, connector.getLocalPort());
        server.join();
    }

    /** Answers every scenario; {@code blocking} says whether this thread may sleep. */
    static boolean serve(Request request, Response response, Callback callback, boolean blocking) throws Exception {
        String path = request.getHttpURI().getPath();
        switch (path) {
            case "/plaintext" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, HELLO.slice(), callback);
            }
            case "/full" -> {
                // The full-context scenario's exchange with no work behind it: the same request
                // headers read and the same response headers written as Carafe's /full, with a
                // fixed cookie. What Jetty and the kernel cost for that exchange alone.
                String who = request.getHeaders().get("X-User");
                request.getHeaders().get(HttpHeader.COOKIE);
                HttpFields.Mutable headers = response.getHeaders();
                headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                headers.put("X-User", who == null ? "anonymous" : who);
                headers.put("X-Full-Parts", EXCHANGE_ONLY);
                headers.put("X-After", "1");
                headers.put("X-Request-ID", HEX.toHexDigits(ThreadLocalRandom.current().nextLong())
                        + HEX.toHexDigits(ThreadLocalRandom.current().nextLong()));
                headers.put(HttpHeader.VARY, "Cookie");
                headers.put(HttpHeader.SET_COOKIE, FIXED_SESSION_COOKIE + "; HttpOnly; Path=/");
                response.write(true, HELLO.slice(), callback);
            }
            case "/json" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(Payloads.message())), callback);
            }
            case "/_heap" -> {
                Fields query = Request.extractQueryParameters(request);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true, Payloads.heapJson("1".equals(query.getValue("gc"))), callback);
            }
            case "/slow" -> {
                if (!blocking) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    return true;
                }
                Fields query = Request.extractQueryParameters(request);
                String body = Payloads.slow(Long.parseLong(query.getValue("ms")));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, body, callback);
            }
            default -> {
                if (!path.startsWith("/users/")) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    return true;
                }
                int id;
                try {
                    id = Integer.parseInt(path.substring("/users/".length()));
                } catch (NumberFormatException e) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                    return true;
                }
                String q = Request.extractQueryParameters(request).getValue("q");
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, Payloads.userText(id, q == null ? "" : q), callback);
            }
        }
        return true;
    }

    /** A blocking handler: Jetty dispatches it to a virtual thread. */
    static final class Blocking extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return serve(request, response, callback, true);
        }
    }

    /** A non-blocking handler: Jetty may call it on the selector thread. */
    static final class NonBlocking extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return serve(request, response, callback, false);
        }
    }
}
