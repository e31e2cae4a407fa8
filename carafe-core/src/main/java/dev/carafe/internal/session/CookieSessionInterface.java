package dev.carafe.internal.session;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.ContextException;
import dev.carafe.Cookie;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.internal.NullSession;
import dev.carafe.spi.SessionInterface;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default session interface: the whole session in a cookie, Flask's
 * {@code SecureCookieSessionInterface}, byte-compatible with it (or encrypted, when
 * {@code SESSION_COOKIE_ENCRYPTED} is set).
 *
 * <p>Reads with the current secret key or any fallback; writes with the current key. A cookie
 * that is missing, tampered, signed with an unknown key, older than
 * {@code PERMANENT_SESSION_LIFETIME}, stamped in the future, truncated, not base64, not JSON,
 * badly tagged or a zip bomb gives a new empty session; the reason is logged at debug level on
 * the {@code dev.carafe.session} logger, never shown to the client. Without a secret key,
 * {@link #open} returns empty and the app uses the {@link NullSession}.
 *
 * <p>Saving follows Flask's {@code save_session} (flask-model.md §3.3): {@code Vary: Cookie}
 * when the session was accessed; a deletion cookie when it was emptied; otherwise a new cookie
 * when it was modified, or when it is permanent and {@code SESSION_REFRESH_EACH_REQUEST} is on.
 * The configuration is read once, when the app is created, so a bad {@code SameSite} value
 * fails then rather than on the first response. Thread-safe.
 */
public final class CookieSessionInterface implements SessionInterface {
    /** The logger that records why a session cookie was ignored, at debug level. */
    public static final String LOGGER = "dev.carafe.session";
    /** The most bytes a compressed session may inflate to; larger ones are ignored as zip bombs. */
    public static final int INFLATE_LIMIT = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;
    private final CookieCodec codec;
    private final String name;
    private final String domain;
    private final String path;
    private final boolean secure;
    private final boolean httpOnly;
    private final boolean partitioned;
    private final Cookie.SameSite sameSite;
    private final Duration lifetime;
    private final long maxAge;
    private final boolean refreshEachRequest;
    private final int maxCookieSize;

    /** Reads the session settings from {@code config}; the system clock dates cookies. */
    public CookieSessionInterface(Config config) {
        this(config, Clock.systemUTC());
    }

    /**
     * Reads the session settings from {@code config}; {@code clock} dates and ages cookies
     * (tests fix it to reproduce Flask's cookies byte for byte).
     *
     * @throws CarafeException when {@code SESSION_COOKIE_SAMESITE} is not Strict, Lax or None
     */
    public CookieSessionInterface(Config config, Clock clock) {
        this.clock = clock;
        List<String> keys = new ArrayList<>();
        config.secretKey().ifPresent(keys::add);
        if (!keys.isEmpty()) {
            config.find(Config.SECRET_KEY_FALLBACKS).orElse(List.of()).stream()
                    .filter(k -> k != null && !k.isEmpty()).forEach(keys::add);
        }
        this.codec = keys.isEmpty() ? null
                : config.get(Config.SESSION_COOKIE_ENCRYPTED) ? new EncryptedCodec(keys)
                : new SignedCodec(keys, INFLATE_LIMIT);
        this.name = config.get(Config.SESSION_COOKIE_NAME);
        this.domain = config.find(Config.SESSION_COOKIE_DOMAIN).filter(d -> !d.isEmpty()).orElse(null);
        this.path = config.find(Config.SESSION_COOKIE_PATH).filter(p -> !p.isEmpty())
                .orElseGet(() -> config.get(Config.APPLICATION_ROOT));
        this.secure = config.get(Config.SESSION_COOKIE_SECURE);
        this.httpOnly = config.get(Config.SESSION_COOKIE_HTTPONLY);
        this.partitioned = config.get(Config.SESSION_COOKIE_PARTITIONED);
        this.sameSite = config.find(Config.SESSION_COOKIE_SAMESITE).map(CookieSessionInterface::sameSite).orElse(null);
        this.lifetime = config.get(Config.PERMANENT_SESSION_LIFETIME);
        this.maxAge = lifetime.toSeconds();
        this.refreshEachRequest = config.get(Config.SESSION_REFRESH_EACH_REQUEST);
        this.maxCookieSize = config.get(Config.MAX_COOKIE_SIZE);
        try {
            cookie("x", null); // fails now, not on the first response, for settings a cookie cannot carry
        } catch (IllegalArgumentException e) {
            throw new CarafeException("The session cookie settings are invalid: " + e.getMessage() + ". Check"
                    + " SESSION_COOKIE_NAME, SESSION_COOKIE_DOMAIN and SESSION_COOKIE_PATH.", e);
        }
    }

    private static Cookie.SameSite sameSite(String text) {
        try {
            return Cookie.SameSite.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CarafeException("Configuration key SESSION_COOKIE_SAMESITE must be \"Strict\", \"Lax\" or"
                    + " \"None\", was \"" + text + "\". Set one of those, or leave the key unset for no SameSite"
                    + " attribute.", e);
        }
    }

    @Override
    public Optional<Session> open(Carafe app, Request request) {
        if (codec == null) {
            return Optional.empty();
        }
        String value = request.cookies().get(name);
        if (value == null || value.isEmpty()) {
            return Optional.of(CookieSession.empty());
        }
        try {
            byte[] json = codec.decode(value, clock.instant().getEpochSecond(), maxAge);
            return Optional.of(CookieSession.decoded(SessionJson.loads(json)));
        } catch (BadCookie e) {
            LOG.debug("Ignoring the session cookie '{}' of {} {}: {}. Starting an empty session.", name,
                    request.method(), request.path(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.debug("Ignoring the session cookie '{}' of {} {}: it could not be read. Starting an empty session.",
                    name, request.method(), request.path(), e);
        }
        return Optional.of(CookieSession.empty());
    }

    @Override
    public void save(Carafe app, Session session, Response response) {
        if (session.accessed()) {
            response.headers().addToken("Vary", "Cookie");
        }
        if (session.isEmpty()) {
            if (session.modified()) {
                response.setCookie(Cookie.builder(name, "").expires(Instant.EPOCH).maxAge(Duration.ZERO)
                        .domain(domain).path(path).secure(secure).httpOnly(httpOnly).sameSite(sameSite)
                        .partitioned(partitioned).build());
                response.headers().addToken("Vary", "Cookie");
            }
            return;
        }
        boolean permanent = session.permanent();
        if (!session.modified() && !(permanent && refreshEachRequest)) {
            return;
        }
        if (codec == null) {
            throw new ContextException(NullSession.MESSAGE);
        }
        Instant now = clock.instant();
        byte[] json = SessionJson.utf8(SessionJson.dumps(session.asMap()));
        Cookie cookie = cookie(codec.encode(json, now.getEpochSecond()), permanent ? now.plus(lifetime) : null);
        String header = cookie.toHeader();
        if (maxCookieSize > 0 && header.length() > maxCookieSize) {
            int valueSize = cookie.value().length();
            app.logger().warn("The '{}' cookie is too large: the value was {} bytes but the header required {} extra"
                    + " bytes. The final size was {} bytes but the limit is {} bytes. Browsers may silently ignore"
                    + " cookies larger than this. Store less in the session, or keep it on the server.", name,
                    valueSize, header.length() - valueSize, header.length(), maxCookieSize);
        }
        response.headers().add("Set-Cookie", header);
        response.headers().addToken("Vary", "Cookie");
    }

    private Cookie cookie(String value, Instant expires) {
        return Cookie.builder(name, value).expires(expires).domain(domain).path(path).secure(secure)
                .httpOnly(httpOnly).sameSite(sameSite).partitioned(partitioned).build();
    }

    @Override
    public String toString() {
        return "<CookieSessionInterface " + name + (codec instanceof EncryptedCodec ? ", encrypted>" : ">");
    }
}
