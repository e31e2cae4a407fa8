package dev.carafe.internal.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
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

    // One initialised Mac per key, only ever cloned: Mac.getInstance and init on every call were
    // a third of decoding a cookie (provider lookup, key setup; JFR, docs/benchmarks.md).
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
        byte[] compressed = Zlib.compress(json);
        String payload = compressed.length < json.length - 1
                ? "." + B64.encodeToString(compressed)
                : B64.encodeToString(json);
        String signed = payload + "." + B64.encodeToString(timestampBytes(now));
        return signed + "." + B64.encodeToString(signers.getFirst().sign(ascii(signed)));
    }

    @Override
    public byte[] decode(String value, long now, long maxAge) throws BadCookie {
        int sep = value.lastIndexOf('.');
        if (sep < 0) {
            throw new BadCookie("no '.' found in the value");
        }
        String signed = value.substring(0, sep);
        byte[] signature = unb64(value.substring(sep + 1), "the signature");
        byte[] message = ascii(signed);
        boolean valid = false;
        for (Signer signer : signers) {
            // Every key is tried, so that timing does not tell which one matched.
            valid |= MessageDigest.isEqual(signer.sign(message), signature);
        }
        if (!valid) {
            throw new BadCookie("the signature does not match any secret key (tampered, or signed with another key)");
        }
        int tsSep = signed.lastIndexOf('.');
        if (tsSep < 0) {
            throw new BadCookie("the timestamp is missing");
        }
        byte[] ts = unb64(signed.substring(tsSep + 1), "the timestamp");
        if (ts.length > 7) {
            throw new BadCookie("the timestamp is in the future");
        }
        long timestamp = 0;
        for (byte b : ts) {
            timestamp = timestamp << 8 | (b & 0xff);
        }
        CookieCodec.checkAge(timestamp, now, maxAge);
        String payload = signed.substring(0, tsSep);
        boolean compressed = payload.startsWith(".");
        byte[] data = unb64(compressed ? payload.substring(1) : payload, "the payload");
        return compressed ? Zlib.inflate(data, inflateLimit) : data;
    }

    private static byte[] timestampBytes(long now) {
        int skip = Long.numberOfLeadingZeros(now) / 8;
        byte[] out = new byte[8 - skip];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (now >>> 8 * (out.length - 1 - i));
        }
        return out;
    }

    private static byte[] unb64(String s, String what) throws BadCookie {
        try {
            return UNB64.decode(s);
        } catch (IllegalArgumentException e) {
            throw new BadCookie(what + " is not base64url: " + e.getMessage());
        }
    }

    private static byte[] ascii(String s) {
        // The value came from a cookie header; non-ASCII characters cannot match a signature anyway.
        return s.getBytes(StandardCharsets.UTF_8);
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

    /** A key and a Mac initialised with it: a prototype that is cloned per use, never used itself (thread-safe). */
    private record Signer(byte[] key, Mac prototype) {
        byte[] sign(byte[] message) {
            try {
                return ((Mac) prototype.clone()).doFinal(message);
            } catch (CloneNotSupportedException e) {
                // A provider whose Mac cannot be cloned: set one up for this call.
                try {
                    Mac mac = Mac.getInstance("HmacSHA1");
                    mac.init(new SecretKeySpec(key, "HmacSHA1"));
                    return mac.doFinal(message);
                } catch (GeneralSecurityException impossible) {
                    throw new IllegalStateException("HmacSHA1 is required of every Java platform", impossible);
                }
            }
        }
    }
}
