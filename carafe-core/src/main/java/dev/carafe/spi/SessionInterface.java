package dev.carafe.spi;

import dev.carafe.Carafe;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.internal.NullSession;
import java.util.Optional;

/**
 * How sessions are loaded and saved: Flask's {@code SessionInterface}.
 *
 * <p>The default stores the session in a signed cookie byte-compatible with Flask's. A
 * server-side store implements this to keep only an id in the cookie, and builds its sessions
 * with {@link Sessions}. {@link #open} runs when a request context is pushed, before URL
 * matching, with that context current; {@link #save} runs after the after-request functions,
 * unless the session {@linkplain Session#isNull() is null}, also with the request's context
 * current (so {@code Globals.request()} reads the request being answered). Implementations must
 * be thread-safe: one instance serves every request. Install one with
 * {@code app.sessionInterface(...)} before the first request.
 */
public interface SessionInterface {

    /**
     * Returns the session for {@code request}; empty when sessions are unavailable (no secret
     * key), in which case the {@linkplain #nullSession null session} is used. A bad or expired
     * cookie must give a new empty session, never an error.
     */
    Optional<Session> open(Carafe app, Request request);

    /**
     * Returns the session used when {@link #open} returns empty: reads see nothing, writes fail
     * with a message saying to set a secret key. It is never saved.
     */
    default Session nullSession(Carafe app) {
        return new NullSession();
    }

    /** Writes {@code session} into {@code response} (a cookie, a store, or nothing). */
    void save(Carafe app, Session session, Response response);
}
