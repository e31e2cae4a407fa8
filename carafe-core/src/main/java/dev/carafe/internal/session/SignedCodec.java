package dev.carafe.internal.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Flask's session cookie format: itsdangerous's {@code URLSafeTimedSerializer} with
 * {@code salt="cookie-session"}, {@code key_derivation="hmac"} and HMAC-SHA1.
 *
 * <p>A cookie is {@code PAYLOAD.TIMESTAMP.SIGNATURE}, each part base64url without padding. The
 * payload is the JSON, or {@code "."} and the zlib-compressed JSON when that is more than one
 * byte shorter. The timestamp is the Unix time as big-endian bytes without leading zeros. The
 * signature is HMAC-SHA1 over {@code PAYLOAD.TIMESTAMP} with the key
 * {@code HMAC-SHA1(secret, "cookie-session")}. Written by hand because the format is small
 * and no Java library produces it; the JDK does the HMAC, base64 and zlib.
 */
final class SignedCodec implements CookieCodec {
    private static final byte[] SALT = "cookie-session".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    /** The length of an HMAC-SHA1 (20 bytes) in base64url without padding. */
    private static final int SIGNATURE_CHARS = 27;

    // Initialised Macs per key, cloned and reused: Mac.getInstance and init on every call were a
    // third of decoding a cookie (provider lookup, key setup; JFR, docs/benchmarks.md).
    private final List<Signer> signers;
    private final int inflateLimit;

    /** Derives the signing keys from {@code secrets}, newest (the signing one) first. */
    SignedCodec(List<String> secrets, int inflateLimit) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret key is needed");
        }
        this.signers = secrets.stream().map(s -> signer(hmacSha1(s.getBytes(StandardCharsets.UTF_8), SALT))).toList();
        this.inflateLimit = inflateLimit;
    }

    @Override
    public String encode(byte[] json, long now) {
        // Compressed when that saves more than one byte, as itsdangerous decides; zlib stops as
        // soon as its output is too long to be used.
        byte[] compressed = Zlib.compress(json, json.length - 2);
        byte[] payload = B64.encode(compressed != null ? compressed : json);
        byte[] timestamp = B64.encode(timestampBytes(now));
        // PAYLOAD.TIMESTAMP.SIGNATURE assembled in one array, signed in place (base64 is ASCII).
        int dot = compressed != null ? 1 : 0;
        int signedLength = dot + payload.length + 1 + timestamp.length;
        byte[] cookie = new byte[signedLength + 1 + SIGNATURE_CHARS];
        if (compressed != null) {
            cookie[0] = '.';
        }
        System.arraycopy(payload, 0, cookie, dot, payload.length);
        cookie[dot + payload.length] = '.';
        System.arraycopy(timestamp, 0, cookie, dot + payload.length + 1, timestamp.length);
        cookie[signedLength] = '.';
        byte[] signature = B64.encode(signers.getFirst().sign(cookie, signedLength));
        System.arraycopy(signature, 0, cookie, signedLength + 1, SIGNATURE_CHARS);
        return new String(cookie, StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] decode(String value, long now, long maxAge) throws BadCookie {
        // One copy of the value, cut up by index. Latin-1 is what Base64.Decoder.decode(String)
        // uses; a value that is not ASCII cannot carry a valid signature either way.
        byte[] cookie = value.getBytes(StandardCharsets.ISO_8859_1);
        int sep = lastDot(cookie, cookie.length);
        if (sep < 0) {
            throw new BadCookie("no '.' found in the value");
        }
        byte[] signature = unb64(cookie, sep + 1, cookie.length, "the signature");
        boolean valid = false;
        for (Signer signer : signers) {
            // Every key is tried, so that timing does not tell which one matched.
            valid |= MessageDigest.isEqual(signer.sign(cookie, sep), signature);
        }
        if (!valid) {
            throw new BadCookie("the signature does not match any secret key (tampered, or signed with another key)");
        }
        int tsSep = lastDot(cookie, sep);
        if (tsSep < 0) {
            throw new BadCookie("the timestamp is missing");
        }
        byte[] ts = unb64(cookie, tsSep + 1, sep, "the timestamp");
        if (ts.length > 7) {
            throw new BadCookie("the timestamp is in the future");
        }
        long timestamp = 0;
        for (byte b : ts) {
            timestamp = timestamp << 8 | (b & 0xff);
        }
        CookieCodec.checkAge(timestamp, now, maxAge);
        boolean compressed = tsSep > 0 && cookie[0] == '.';
        byte[] data = unb64(cookie, compressed ? 1 : 0, tsSep, "the payload");
        return compressed ? Zlib.inflate(data, inflateLimit) : data;
    }

    /** Returns the index of the last {@code '.'} before {@code end}, or -1. */
    private static int lastDot(byte[] bytes, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == '.') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] timestampBytes(long now) {
        int skip = Long.numberOfLeadingZeros(now) / 8;
        byte[] out = new byte[8 - skip];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (now >>> 8 * (out.length - 1 - i));
        }
        return out;
    }

    private static byte[] unb64(byte[] bytes, int from, int to, String what) throws BadCookie {
        try {
            // Decoded from the slice in place; for valid input the result's array is exactly full.
            ByteBuffer decoded = UNB64.decode(ByteBuffer.wrap(bytes, from, to - from));
            byte[] array = decoded.array();
            return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
        } catch (IllegalArgumentException e) {
            throw new BadCookie(what + " is not base64url: " + e.getMessage());
        }
    }

    static byte[] hmacSha1(byte[] key, byte[] message) {
        return signer(key).sign(message);
    }

    private static Signer signer(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return new Signer(key, mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }

    /**
     * A key and Macs initialised with it (thread-safe). A few spare Macs are kept for reuse, as
     * {@code doFinal} leaves a Mac ready for the next message: cloning the prototype for every
     * signature was an allocation of about 600 bytes and a copy of the hash state, twice per
     * request that reads and writes its session.
     */
    private static final class Signer {
        /**
         * Spares kept: about twice the processors, as slots chosen by thread id. Two threads that
         * pick one slot at once cost an extra clone, never a shared Mac.
         */
        private static final int SPARES = Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors() - 1)) << 1;

        private final byte[] key;
        private final Mac prototype;
        private final AtomicReferenceArray<Mac> spares = new AtomicReferenceArray<>(SPARES);

        Signer(byte[] key, Mac prototype) {
            this.key = key;
            this.prototype = prototype;
        }

        byte[] sign(byte[] message) {
            return sign(message, message.length);
        }

        /** Returns the signature of the first {@code length} bytes of {@code message}. */
        byte[] sign(byte[] message, int length) {
            int slot = (int) Thread.currentThread().threadId() & (SPARES - 1);
            Mac mac = spares.getAndSet(slot, null);
            if (mac == null) {
                mac = newMac();
            }
            mac.update(message, 0, length);
            byte[] signature = mac.doFinal();
            spares.lazySet(slot, mac); // reset by doFinal; replaces any spare put there meanwhile
            return signature;
        }

        private Mac newMac() {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // A provider whose Mac cannot be cloned: set one up.
                try {
                    Mac mac = Mac.getInstance("HmacSHA1");
                    mac.init(new SecretKeySpec(key, "HmacSHA1"));
                    return mac;
                } catch (GeneralSecurityException impossible) {
                    throw new IllegalStateException("HmacSHA1 is required of every Java platform", impossible);
                }
            }
        }
    }
}
