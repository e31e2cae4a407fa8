package dev.carafe.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Config;
import dev.carafe.Headers;
import dev.carafe.HttpError;
import dev.carafe.Params;
import dev.carafe.Request;
import dev.carafe.Route;
import dev.carafe.UploadedFile;
import dev.carafe.spi.ServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The request of one exchange. Creation does no parsing; each part is parsed on first use and
 * kept, so a malformed part fails (with a 4xx {@link HttpError}) only when someone reads it.
 */
public final class RequestImpl implements Request {
    private final App app;
    private final ServerExchange exchange;
    private final String method;
    private final Headers headers;
    private final ProxyFix.Resolved origin;
    private ContextImpl context;

    private String path;
    private Params args;
    private Map<String, String> cookies;
    private byte[] body;
    private FormData form;
    private JsonNode json;
    private RouteMatch match;

    /** Creates the request of {@code exchange}; cheap, parses nothing. */
    public RequestImpl(App app, ServerExchange exchange) {
        this.app = app;
        this.exchange = exchange;
        this.method = exchange.method().toUpperCase(Locale.ROOT);
        this.headers = exchange.headers().freeze(); // the exchange's own object (ServerExchange#headers)
        this.origin = ProxyFix.resolve(app.config().get(Config.TRUSTED_PROXIES),
                app.config().get(Config.TRUSTED_PROXY_HOST), app.config().get(Config.TRUSTED_PROXY_PREFIX), headers, exchange.scheme(),
                exchange.host(), exchange.remoteAddress());
    }

    void attach(ContextImpl ctx) {
        this.context = ctx;
    }

    // ---- routing ------------------------------------------------------------------------------

    /** Matches the URL once (on first push); a failure is stored, not thrown. */
    void matchRoute() {
        if (match != null) {
            return;
        }
        String decoded;
        try {
            decoded = path();
        } catch (HttpError e) {
            match = new RouteMatch.BadPath(e.description());
            return;
        }
        RouteMatch m = app.router().match(method, decoded);
        if (m instanceof RouteMatch.Redirect(String location)) {
            // the router knows paths within the app; the client needs the mount point and the query too
            String q = exchange.rawQuery();
            m = new RouteMatch.Redirect(scriptRoot() + location + (q.isEmpty() ? "" : "?" + q));
        }
        match = m;
    }

    /** Returns the routing result, matching now if needed. */
    RouteMatch match() {
        matchRoute();
        return match;
    }

    /** Returns the scopes whose hooks apply, innermost first: the route's groups, then the app. */
    List<Scope> scopesInnerFirst() {
        return match instanceof RouteMatch.Found f ? f.entry().scope().chainInnerFirst() : app.rootScope().chainInnerFirst();
    }

    /** Returns the scopes whose hooks apply, the app first. */
    List<Scope> scopesOuterFirst() {
        return match instanceof RouteMatch.Found f ? f.entry().scope().chainOuterFirst() : app.rootScope().chainOuterFirst();
    }

    @Override
    public Optional<Route> route() {
        return match instanceof RouteMatch.Found f ? Optional.of(f.entry().route()) : Optional.empty();
    }

    @Override
    public List<String> groups() {
        return match instanceof RouteMatch.Found f ? f.entry().scope().groupNames() : List.of();
    }

    @Override
    public Map<String, Object> pathParams() {
        return match instanceof RouteMatch.Found f ? f.params() : Map.of();
    }

    @Override
    public String pathParam(String name) {
        return String.valueOf(pathParam(name, Object.class));
    }

    @Override
    public <T> T pathParam(String name, Class<T> type) {
        Object v = pathParams().get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route " + route().map(Route::rule).orElse("(none)")
                    + " has no path parameter '" + name + "'");
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("path parameter '" + name + "' is a " + v.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    // ---- request line and headers --------------------------------------------------------------

    @Override public String method() { return method; }
    @Override public Headers headers() { return headers; }
    @Override public String scheme() { return origin.scheme(); }
    @Override public String host() { return origin.host(); }
    @Override public String remoteAddr() { return origin.remoteAddr(); }
    @Override public String queryString() { return exchange.rawQuery(); }

    /** Returns the path as sent (still encoded), for logs. */
    public String exchangePath() {
        return exchange.rawPath();
    }

    @Override
    public String path() {
        if (path == null) {
            path = UrlCodec.decodePath(exchange.rawPath());
        }
        return path;
    }

    /** Returns the path the app is mounted at, without a trailing slash ({@code ""} at the root). */
    public String scriptRoot() {
        String root = origin.prefix() + app.config().get(Config.APPLICATION_ROOT);
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    @Override
    public String fullPath() {
        return exchange.rawPath() + "?" + exchange.rawQuery();
    }

    @Override
    public String baseUrl() {
        return scheme() + "://" + host() + scriptRoot() + exchange.rawPath();
    }

    @Override
    public String url() {
        String q = exchange.rawQuery();
        return q.isEmpty() ? baseUrl() : baseUrl() + "?" + q;
    }

    @Override
    public String rootUrl() {
        return scheme() + "://" + host() + scriptRoot() + "/";
    }

    @Override
    public Params args() {
        if (args == null) {
            args = UrlCodec.parseQuery(exchange.rawQuery(), StandardCharsets.UTF_8);
        }
        return args;
    }

    @Override
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = CookieParser.parse(headers.all("Cookie"));
        }
        return cookies;
    }

    @Override
    public Optional<String> contentType() {
        return headers.get("Content-Type");
    }

    @Override
    public OptionalLong contentLength() {
        Optional<String> v = headers.get("Content-Length");
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.get().trim()));
        } catch (NumberFormatException e) {
            throw HttpError.of(400, "The Content-Length header is not a number.");
        }
    }

    // ---- body ----------------------------------------------------------------------------------

    @Override
    public synchronized byte[] body() {
        // synchronized: a copy for background work may ask at the same time; the stream is read once.
        if (body == null) {
            body = readBody();
        }
        return body;
    }

    /** Returns whether the body was already read (copies may only use what the request read). */
    boolean bodyRead() {
        return body != null || form != null;
    }

    /**
     * Hands the body to the multipart parser as a stream, so that large files need not be held
     * in memory: the bytes already read, else the exchange's stream (the caller enforces
     * MAX_CONTENT_LENGTH), after which {@link #body()} is empty, as Werkzeug's
     * {@code request.data} is after form parsing.
     */
    synchronized InputStream takeBodyStream() {
        if (body != null) {
            return new java.io.ByteArrayInputStream(body);
        }
        requireBodyAvailable();
        body = new byte[0];
        return exchange.body();
    }

    private void requireBodyAvailable() {
        if (context != null && context.shared() != null && context.shared().responseSent()) {
            throw new dev.carafe.ContextException("Cannot read the request body: the response was already sent and"
                    + " nobody read the body before, so it is gone. Read it in the handler (request().body(),"
                    + " form(), json()) before starting background work.");
        }
    }

    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    private byte[] readBody() {
        requireBodyAvailable();
        long limit = app.config().get(Config.MAX_CONTENT_LENGTH);
        OptionalLong declared = contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw HttpError.of(413, "The request body is " + declared.getAsLong() + " bytes; the limit is " + limit
                    + " bytes (MAX_CONTENT_LENGTH).");
        }
        // A body is read into one array, so it can hold at most MAX_ARRAY bytes whatever the limit
        // says (MAX_CONTENT_LENGTH = Long.MAX_VALUE means "no limit of my own").
        long cap = Math.min(limit, MAX_ARRAY);
        try (InputStream in = exchange.body()) {
            byte[] data = in.readNBytes((int) cap + 1);
            if (data.length > cap) {
                throw HttpError.of(413, "The request body is larger than the limit of " + cap
                        + " bytes (MAX_CONTENT_LENGTH" + (cap < limit ? ", capped at the largest array" : "") + ").");
            }
            if (declared.isPresent() && data.length < declared.getAsLong()) {
                throw HttpError.of(400, "The request body could not be read: the client declared "
                        + declared.getAsLong() + " bytes and sent " + data.length + ".");
            }
            return data;
        } catch (IOException e) {
            throw HttpError.of(400, "The request body could not be read: the client sent an incomplete body.", e);
        }
    }

    Charset charset() {
        return contentType().map(UrlCodec::charsetOf).orElse(StandardCharsets.UTF_8);
    }

    @Override
    public String text() {
        return new String(body(), charset());
    }

    @Override
    public boolean isJson() {
        String ct = contentType().orElse("").toLowerCase(Locale.ROOT);
        int semi = ct.indexOf(';');
        String mime = (semi < 0 ? ct : ct.substring(0, semi)).trim();
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    @Override
    public synchronized JsonNode json() {
        if (json == null) {
            requireJson();
            try {
                byte[] b = body();
                if (b.length == 0) {
                    throw HttpError.of(400, "Failed to decode JSON object: the body is empty.");
                }
                json = app.json().readTree(b);
            } catch (JacksonException e) {
                throw HttpError.of(400, "Failed to decode JSON object: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw HttpError.of(400, "Failed to decode JSON object: " + e.getMessage(), e);
            }
        }
        return json;
    }

    @Override
    public <T> T json(Class<T> type) {
        JsonNode node = json();
        try {
            return app.json().treeToValue(node, type);
        } catch (JacksonException e) {
            throw HttpError.of(400, "The JSON body does not match the expected " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private void requireJson() {
        if (!isJson()) {
            throw HttpError.of(415, "Did not attempt to load JSON data because the request Content-Type was not"
                    + " 'application/json'.");
        }
    }

    private synchronized FormData formData() {
        // synchronized: a copy for background work may parse at the same time as its request.
        if (form == null) {
            form = FormData.parse(this, app.config(), context);
        }
        return form;
    }

    @Override
    public Params form() {
        return formData().fields();
    }

    @Override
    public Map<String, List<UploadedFile>> files() {
        return formData().files();
    }

    @Override
    public Params values() {
        if (form == null && !FormData.isForm(this)) {
            return args();
        }
        return UrlCodec.merge(args(), form());
    }

    @Override
    public String toString() {
        return "<Request " + method + " " + exchange.rawPath() + ">";
    }
}
