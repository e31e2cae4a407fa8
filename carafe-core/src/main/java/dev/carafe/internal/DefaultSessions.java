package dev.carafe.internal;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.spi.SessionInterface;
import java.util.Optional;

/** PLACEHOLDER until the signed-cookie session lands: every session is the null session. */
final class DefaultSessions {
    private DefaultSessions() {}

    static SessionInterface create(Config config) {
        return new SessionInterface() {
            @Override
            public Optional<Session> open(Carafe app, Request request) {
                return Optional.empty();
            }

            @Override
            public Session nullSession(Carafe app) {
                return new NullSession();
            }

            @Override
            public void save(Carafe app, Session session, Response response) {
                // nothing to save for a null session
            }
        };
    }
}
