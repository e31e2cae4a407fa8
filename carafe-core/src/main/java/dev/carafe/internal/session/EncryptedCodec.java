package dev.carafe.internal.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Carafe's encrypted session cookie ({@code SESSION_COOKIE_ENCRYPTED=true}): AES-256-GCM, so the
 * client can neither read nor change the session. Not readable by Flask.
 *
 * <p>The value is {@code "e1." + base64url(nonce ‖ ciphertext ‖ tag)}, with a random 96-bit
 * nonce and a 128-bit tag; the plaintext is the 8-byte Unix timestamp followed by the session
 * JSON. Each secret key gives an AES key {@code HMAC-SHA256(secret, "carafe-session-aes-gcm")};
 * the newest encrypts, every key is tried when decrypting, and the timestamp inside bounds the
 * age exactly as for signed cookies. The JSON is not compressed: compressing data that is partly
 * chosen by users before encrypting it lets the cookie's length reveal the rest (CRIME, BREACH).
 * A random nonce is safe for about 2^32 cookies per key; rotate the key well before that.
 */
final class EncryptedCodec implements CookieCodec {
    private static final String PREFIX = "e1.";
    private static final byte[] INFO = "carafe-session-aes-gcm".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "carafe-session-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final List<SecretKeySpec> keys;

    /** Derives the AES keys from {@code secrets}, newest (the encrypting one) first. */
    EncryptedCodec(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret key is needed");
        }
        this.keys = secrets.stream().map(s -> new SecretKeySpec(hmacSha256(s.getBytes(StandardCharsets.UTF_8)), "AES"))
                .toList();
    }

    @Override
    public String encode(byte[] json, long now) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] plain = ByteBuffer.allocate(8 + json.length).putLong(now).put(json).array();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.getFirst(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + B64.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
        }
    }

    @Override
    public byte[] decode(String value, long now, long maxAge) throws BadCookie {
        if (!value.startsWith(PREFIX)) {
            throw new BadCookie("not an encrypted session cookie (no '" + PREFIX + "' prefix)");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new BadCookie("the value is not base64url: " + e.getMessage());
        }
        if (raw.length < NONCE + TAG_BITS / 8 + 8) {
            throw new BadCookie("the value is too short to be an encrypted session");
        }
        byte[] plain = null;
        for (SecretKeySpec key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE));
                cipher.updateAAD(AAD);
                plain = cipher.doFinal(raw, NONCE, raw.length - NONCE);
                break;
            } catch (AEADBadTagException e) {
                // not this key (or tampered); try the next one
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
            }
        }
        if (plain == null) {
            throw new BadCookie("no secret key decrypts the cookie (tampered, or encrypted with another key)");
        }
        CookieCodec.checkAge(ByteBuffer.wrap(plain).getLong(), now, maxAge);
        return Arrays.copyOfRange(plain, 8, plain.length);
    }

    private static byte[] hmacSha256(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(INFO);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
