package dev.carafe.internal;

import dev.carafe.Config;
import dev.carafe.internal.session.CookieSessionInterface;
import dev.carafe.spi.SessionInterface;

/** Picks the session interface an app starts with: the cookie session, signed or encrypted per {@code config}. */
final class DefaultSessions {
    private DefaultSessions() {}

    static SessionInterface create(Config config) {
        return new CookieSessionInterface(config);
    }
}
