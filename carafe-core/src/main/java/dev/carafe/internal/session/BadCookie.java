package dev.carafe.internal.session;

/**
 * Why a session cookie was ignored: tampered, signed with an unknown key, expired, malformed.
 *
 * <p>Never reaches the client: the session interface logs the reason at debug level and starts
 * an empty session. Stackless, because a client can send bad cookies as often as it likes.
 */
final class BadCookie extends Exception {
    private static final long serialVersionUID = 1L;

    BadCookie(String reason) {
        super(reason, null, false, false);
    }
}
