package dev.carafe.internal.session;

/**
 * Turns session JSON into a cookie value and back: signed (Flask's format) or encrypted.
 *
 * <p>Both hold the key list newest first: the first key writes, every key reads. Thread-safe.
 */
sealed interface CookieCodec permits SignedCodec, EncryptedCodec {

    /** Returns the cookie value for {@code json}, stamped with {@code now} (Unix seconds). */
    String encode(byte[] json, long now);

    /**
     * Returns the JSON in {@code value} if a known key vouches for it and it is at most
     * {@code maxAge} seconds old and not from the future.
     *
     * @throws BadCookie otherwise, with the reason
     */
    byte[] decode(String value, long now, long maxAge) throws BadCookie;

    /** Checks the age of a cookie stamped {@code timestamp}, as itsdangerous's {@code TimestampSigner} does. */
    static void checkAge(long timestamp, long now, long maxAge) throws BadCookie {
        long age = now - timestamp;
        if (age > maxAge) {
            throw new BadCookie("the cookie expired: signed " + age + " s ago, the limit is " + maxAge + " s");
        }
        if (age < 0) {
            throw new BadCookie("the cookie's timestamp is " + -age + " s in the future");
        }
    }
}
