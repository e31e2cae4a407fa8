package dev.carafe.spi;

import dev.carafe.Carafe;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import java.util.Optional;

/**
 * How sessions are loaded and saved: Flask's {@code SessionInterface}.
 *
 * <p>The default stores the session in a signed cookie byte-compatible with Flask's. A
 * server-side store implements this to keep only an id in the cookie. {@link #open} runs when
 * a request context is pushed, before URL matching; {@link #save} runs after the after-request
 * functions, unless the session {@linkplain Session#isNull() is null}. Implementations must be
 * thread-safe: one instance serves every request.
 */
public interface SessionInterface {

    /**
     * Returns the session for {@code request}; empty when sessions are unavailable (no secret
     * key), in which case the {@linkplain #nullSession null session} is used. A bad or expired
     * cookie must give a new empty session, never an error.
     */
    Optional<Session> open(Carafe app, Request request);

    /** Returns the session used when {@link #open} returns empty: reads see nothing, writes fail. */
    Session nullSession(Carafe app);

    /** Writes {@code session} into {@code response} (a cookie, a store, or nothing). */
    void save(Carafe app, Session session, Response response);
}
