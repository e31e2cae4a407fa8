package dev.carafe.correlation;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} header value: the trace id, the id of the caller's
 * span (the parent) and the trace flags.
 *
 * <p>Carafe is not a tracer: it reads an incoming {@code traceparent} so that a request that
 * has no {@code X-Request-ID} still gets the id the rest of the trace uses, and passes a
 * {@link #child()} on to the services it calls. Only version {@code 00} is written; later
 * versions are read as the specification says (the first four fields).
 *
 * @param traceId  32 lower-case hex digits, not all zero
 * @param parentId 16 lower-case hex digits, not all zero: the caller's span id
 * @param flags    2 lower-case hex digits; bit 0 is "sampled"
 */
public record TraceParent(String traceId, String parentId, String flags) {
    /** The header's name. */
    public static final String HEADER = "traceparent";

    private static final int VERSION_00_LENGTH = 55;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException when a field has the wrong length, is not lower-case hex, or
     *         an id is all zero (the specification's "invalid" value)
     */
    public TraceParent {
        checkHex("traceId", traceId, 32, true);
        checkHex("parentId", parentId, 16, true);
        checkHex("flags", flags, 2, false);
    }

    /**
     * Parses a {@code traceparent} header value, or returns empty when it is not a valid one:
     * a wrong length or separator, upper-case or non-hex digits, version {@code ff}, or an
     * all-zero trace id or parent id.
     */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String s = header.strip();
        if (s.length() < VERSION_00_LENGTH || !isLowerHex(s, 0, 2) || s.startsWith("ff")) {
            return Optional.empty();
        }
        boolean version00 = s.startsWith("00");
        // Version 00 is exactly 55 characters; a later version may append fields after a '-'.
        if (version00 ? s.length() != VERSION_00_LENGTH
                : s.length() > VERSION_00_LENGTH && s.charAt(VERSION_00_LENGTH) != '-') {
            return Optional.empty();
        }
        if (s.charAt(2) != '-' || s.charAt(35) != '-' || s.charAt(52) != '-') {
            return Optional.empty();
        }
        String traceId = s.substring(3, 35);
        String parentId = s.substring(36, 52);
        String flags = s.substring(53, 55);
        if (!isLowerHex(traceId, 0, 32) || !isLowerHex(parentId, 0, 16) || !isLowerHex(flags, 0, 2)
                || isZero(traceId) || isZero(parentId)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceId, parentId, flags));
    }

    /** Returns the value to send to a service this one calls: the same trace and flags, a new span id. */
    public TraceParent child() {
        long span;
        do {
            span = ThreadLocalRandom.current().nextLong();
        } while (span == 0);
        return new TraceParent(traceId, String.format("%016x", span), flags);
    }

    /** Returns whether the caller sampled this trace (flag bit 0). */
    public boolean sampled() {
        return (Integer.parseInt(flags, 16) & 1) == 1;
    }

    /** Returns the header value, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. */
    public String header() {
        return "00-" + traceId + "-" + parentId + "-" + flags;
    }

    @Override
    public String toString() {
        return header();
    }

    private static void checkHex(String field, String value, int length, boolean nonZero) {
        Objects.requireNonNull(value, field);
        if (value.length() != length || !isLowerHex(value, 0, length)) {
            throw new IllegalArgumentException("traceparent " + field + " must be " + length
                    + " lower-case hex digits, was \"" + value + "\"");
        }
        if (nonZero && isZero(value)) {
            throw new IllegalArgumentException("traceparent " + field + " must not be all zero");
        }
    }

    private static boolean isLowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
