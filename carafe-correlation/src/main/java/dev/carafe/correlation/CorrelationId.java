package dev.carafe.correlation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation id of one request (or one CLI command or job), and the W3C
 * {@code traceparent} the request came with, if any.
 *
 * <p>A valid id is 1 to {@value #MAX_LENGTH} characters, each a letter or digit of ASCII or one
 * of {@code - _ . : + / =}. That covers UUIDs, W3C trace ids, ULIDs, base64 and the ids of the
 * usual proxies and gateways, and it shuts out what could forge or split a log line or a
 * header: spaces, quotes, control characters (CR and LF), non-ASCII letters, braces, {@code %}.
 * Ids from outside are checked with {@link #isValid}; an invalid one is never used or logged.
 *
 * @param value       the id
 * @param traceParent the {@code traceparent} the request came with, passed on as a child to the services it calls
 */
public record CorrelationId(String value, Optional<TraceParent> traceParent) {
    /** The longest accepted id. */
    public static final int MAX_LENGTH = 128;

    /** Which ASCII characters an id may have: {@code A-Z a-z 0-9 - _ . : + / =}. */
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 0; c < ALLOWED.length; c++) {
            ALLOWED[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.:+/=".indexOf(c) >= 0;
        }
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * Mixed into every generated id, so that ids made in different JVMs differ even if their
     * {@link ThreadLocalRandom}s, seeded from the clock, happened to start alike.
     */
    private static final long SALT = new SecureRandom().nextLong();

    /**
     * Validates the id.
     *
     * @throws IllegalArgumentException when {@code value} is not a valid id (see {@link #isValid})
     */
    public CorrelationId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(traceParent, "traceParent");
        if (!isValid(value)) {
            throw new IllegalArgumentException(problem(value));
        }
    }

    /**
     * Returns the id {@code value}, with no {@code traceparent}.
     *
     * @throws IllegalArgumentException when {@code value} is not a valid id (see {@link #isValid})
     */
    public static CorrelationId of(String value) {
        return new CorrelationId(value, Optional.empty());
    }

    /**
     * Returns a new random id: 32 lower-case hex digits (a random UUID without its dashes). The
     * id is unique, not secret: its bits come from a fast generator, not a secure one, so it must
     * not serve as a token or a password.
     */
    public static CorrelationId generate() {
        return of(newValue());
    }

    /**
     * Returns a new random id value, shaped like a W3C trace id: the 32 hex digits of a version 4
     * UUID, never all zeros.
     */
    static String newValue() {
        // Not UUID.randomUUID(): it reads the shared SecureRandom under a lock, on every request; an
        // id needs uniqueness, not secrecy, and ThreadLocalRandom gives it without a lock.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = (random.nextLong() ^ SALT) & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // IETF variant
        // Written into one array (one string, not three), as HexFormat.toHexDigits(long) would.
        byte[] digits = new byte[32];
        for (int i = 0; i < 16; i++) {
            digits[i] = HEX_DIGITS[(int) (high >>> (60 - 4 * i)) & 0xF];
            digits[16 + i] = HEX_DIGITS[(int) (low >>> (60 - 4 * i)) & 0xF];
        }
        return new String(digits, StandardCharsets.US_ASCII);
    }

    /** Returns whether {@code value} is a valid id: 1 to 128 of {@code A-Z a-z 0-9 - _ . : + / =}. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return c < ALLOWED.length && ALLOWED[c]; // a table: every request's id is checked
    }

    /** Describes why {@code value} is invalid, without repeating it (it may be an attack). */
    static String problem(String value) {
        if (value.isEmpty()) {
            return "correlation id must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "correlation id must be at most " + MAX_LENGTH + " characters, was " + value.length();
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed(value.charAt(i))) {
                return "correlation id may only contain A-Z a-z 0-9 - _ . : + / =, but character " + (i + 1)
                        + " is U+" + String.format("%04X", (int) value.charAt(i));
            }
        }
        return "correlation id is valid";
    }

    /** Returns the id. */
    @Override
    public String toString() {
        return value;
    }
}
