package dev.carafe.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire format against flask-model.md §3.4 and the vectors of §3.5 (timestamp 1700000000). */
class SignedCodecTest {
    private static final long T = 1_700_000_000L;
    private static final long MAX_AGE = 31L * 24 * 3600;

    private static String sign(List<String> keys, String json) {
        return new SignedCodec(keys, CookieSessionInterface.INFLATE_LIMIT).encode(json.getBytes(StandardCharsets.UTF_8), T);
    }

    private static String unsign(List<String> keys, String value, long now) throws BadCookie {
        return new String(new SignedCodec(keys, CookieSessionInterface.INFLATE_LIMIT).decode(value, now, MAX_AGE),
                StandardCharsets.UTF_8);
    }

    @Test
    void reproducesTheFourFlaskVectors() {
        assertThat(sign(List.of("dev"), "{\"a\":1}")).isEqualTo("eyJhIjoxfQ.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk");
        assertThat(sign(List.of("dev"), "{\"a\":\"x\",\"b\":2}"))
                .isEqualTo("eyJhIjoieCIsImIiOjJ9.ZVPxAA.lStN-YoODgmbs_wj5jm6QWzprAM");
        assertThat(sign(List.of("dev"), "{\"name\":\"h\\u00e9llo \\u2603\"}"))
                .isEqualTo("eyJuYW1lIjoiaFx1MDBlOWxsbyBcdTI2MDMifQ.ZVPxAA.mzLNlkdvtx99oyI_cZFEO6gZo3Y");
        assertThat(sign(List.of("new-key", "old-key"), "{\"a\":1}"))
                .isEqualTo("eyJhIjoxfQ.ZVPxAA.fNp-mu8k33VRIvnZZJ1WV8yrWlo");
    }

    @Test
    void derivesTheSigningKeyWithHmacAndTheCookieSessionSalt() {
        byte[] salt = "cookie-session".getBytes(StandardCharsets.US_ASCII);
        assertThat(HexFormat.of().formatHex(SignedCodec.hmacSha1("dev".getBytes(StandardCharsets.UTF_8), salt)))
                .isEqualTo("4d50ad79847b366eb85f0c79d35a580ff1348d10");
        assertThat(HexFormat.of().formatHex(SignedCodec.hmacSha1("new-key".getBytes(StandardCharsets.UTF_8), salt)))
                .isEqualTo("5c4d16e3118c14bb357c01f1dc70744fd270360c");
    }

    @Test
    void compressesOnlyWhenMoreThanOneByteShorter() throws BadCookie {
        String json = "{\"x\":\"" + "a".repeat(100) + "\"}";
        // The same bytes Flask 3.1 writes for {'x': 'a' * 100} with key 'dev' at 1700000000.
        assertThat(sign(List.of("dev"), json)).isEqualTo(".eJyrVqpQslJKpANQqgUAbeEoFw.ZVPxAA.vcMRyjau3GGiZVCoJXNtz-JSg20");
        assertThat(unsign(List.of("dev"), sign(List.of("dev"), json), T)).isEqualTo(json);
        assertThat(sign(List.of("dev"), "{\"a\":1}")).doesNotStartWith(".");
    }

    @Test
    void fallbackKeysVerifyButNeverSign() throws BadCookie {
        String old = sign(List.of("old-key"), "{\"a\":1}");
        assertThat(unsign(List.of("new-key", "older", "old-key"), old, T)).isEqualTo("{\"a\":1}");
        assertThat(sign(List.of("new-key", "old-key"), "{\"a\":1}")).isNotEqualTo(old);
    }

    @Test
    void ageIsCheckedAfterTheSignatureAndEqualToMaxAgeStillPasses() throws BadCookie {
        String v = sign(List.of("dev"), "{\"a\":1}");
        assertThat(unsign(List.of("dev"), v, T + MAX_AGE)).isEqualTo("{\"a\":1}");
        assertThat(unsign(List.of("dev"), v, T)).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> unsign(List.of("dev"), v, T + MAX_AGE + 1)).hasMessageContaining("expired");
        assertThatThrownBy(() -> unsign(List.of("dev"), v, T - 1)).hasMessageContaining("in the future");
    }

    @Test
    void everyMalformedValueIsABadCookie() {
        String good = sign(List.of("dev"), "{\"a\":1}");
        List<String> bad = List.of(
                "", "nodots", good.substring(0, good.length() - 3), good + "x", "x" + good,
                good.replace("eyJhIjoxfQ", "eyJhIjoyfQ"), // {"a":2} with the old signature
                good.replace(".ZVPxAA.", ".ZVPxAQ."), // timestamp changed
                "eyJhIjoxfQ.D3QXMI0ZQYNZDxORB__kVZyT7hk", // timestamp missing
                "!!!.ZVPxAA.D3QXMI0ZQYNZDxORB__kVZyT7hk",
                "eyJhIjoxfQ.ZVPxAA.***");
        for (String value : bad) {
            assertThatThrownBy(() -> unsign(List.of("dev"), value, T)).as(value).isInstanceOf(BadCookie.class);
        }
        assertThatThrownBy(() -> unsign(List.of("other"), good, T)).hasMessageContaining("does not match any secret key");
    }

    @Test
    void aValueWithCharactersBeyondAsciiIsABadCookie() {
        String good = sign(List.of("dev"), "{\"a\":1}");
        int sig = good.lastIndexOf('.');
        for (String odd : List.of("\u00e9", "\u2603", "\ud83d\ude00")) {
            for (String value : List.of(odd + good, good.substring(0, sig) + odd + good.substring(sig),
                    good + odd, good.substring(0, sig + 1) + odd + good.substring(sig + 1))) {
                assertThatThrownBy(() -> unsign(List.of("dev"), value, T)).as(value).isInstanceOf(BadCookie.class);
            }
        }
        assertThatThrownBy(() -> unsign(List.of("dev"), good + "\u2603", T))
                .hasMessageStartingWith("the signature is not base64url: Illegal base64 character 3f");
    }

    @Test
    void aCompressedPayloadThatInflatesPastTheLimitIsRejected() {
        byte[] bomb = Zlib.compress(("{\"a\":\"" + "0".repeat(CookieSessionInterface.INFLATE_LIMIT) + "\"}")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(bomb.length).isLessThan(1000);
        String payload = "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bomb);
        String value = signRaw(payload);
        assertThatThrownBy(() -> unsign(List.of("dev"), value, T)).hasMessageContaining("inflates past 65536 bytes");
    }

    @Test
    void zlibStopsOnceItsOutputIsTooLongToBeUsed() {
        byte[] text = ("{\"x\":\"" + "a".repeat(100) + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = Zlib.compress(text);
        assertThat(Zlib.compress(text, whole.length)).isEqualTo(whole);
        assertThat(Zlib.compress(text, whole.length - 1)).isNull();
        byte[] noise = new byte[5000];
        new java.util.Random(1).nextBytes(noise);
        byte[] stored = Zlib.compress(noise);
        assertThat(stored.length).isGreaterThan(noise.length);
        assertThat(Zlib.compress(noise, noise.length - 2)).isNull();
        assertThat(Zlib.compress(noise, stored.length)).isEqualTo(stored);
        assertThat(Zlib.compress(new byte[0])).hasSize(8); // the shortest stream there is
        assertThat(Zlib.compress(new byte[0], 7)).isNull();
    }

    @Test
    void aPayloadInflatingToExactlyTheLimitIsAccepted() throws BadCookie {
        int limit = CookieSessionInterface.INFLATE_LIMIT;
        byte[] json = ("{\"a\":\"" + "0".repeat(limit - 8) + "\"}").getBytes(StandardCharsets.US_ASCII);
        assertThat(json).hasSize(limit);
        byte[] z = Zlib.compress(json);
        assertThat(Zlib.inflate(z, limit)).isEqualTo(json);
        assertThatThrownBy(() -> Zlib.inflate(z, limit - 1)).hasMessage("the compressed payload inflates past "
                + (limit - 1) + " bytes");
    }

    @Test
    void aTruncatedCompressedPayloadIsRejected() {
        byte[] z = Zlib.compress(("{\"a\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.US_ASCII));
        byte[] cut = java.util.Arrays.copyOf(z, z.length - 6);
        String value = signRaw("." + Base64.getUrlEncoder().withoutPadding().encodeToString(cut));
        assertThatThrownBy(() -> unsign(List.of("dev"), value, T)).isInstanceOf(BadCookie.class);
    }

    /** Signs an arbitrary payload the way itsdangerous does, so that only the payload is wrong. */
    private static String signRaw(String payload) {
        String signed = payload + ".ZVPxAA";
        byte[] key = SignedCodec.hmacSha1("dev".getBytes(StandardCharsets.UTF_8),
                "cookie-session".getBytes(StandardCharsets.US_ASCII));
        return signed + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(SignedCodec.hmacSha1(key, signed.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void encryptedCookiesRoundTripRotateAndRejectTampering() throws BadCookie {
        EncryptedCodec current = new EncryptedCodec(List.of("new", "old"));
        EncryptedCodec old = new EncryptedCodec(List.of("old"));
        byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String byOld = old.encode(json, T);
        assertThat(byOld).startsWith("e1.").doesNotContain("eyJ");
        assertThat(current.decode(byOld, T, MAX_AGE)).isEqualTo(json);
        assertThatThrownBy(() -> old.decode(current.encode(json, T), T, MAX_AGE)).hasMessageContaining("no secret key");
        assertThatThrownBy(() -> current.decode(byOld, T + MAX_AGE + 1, MAX_AGE)).hasMessageContaining("expired");
        char last = byOld.charAt(byOld.length() - 5);
        String tampered = byOld.substring(0, byOld.length() - 5) + (last == 'A' ? 'B' : 'A') + byOld.substring(byOld.length() - 4);
        assertThatThrownBy(() -> current.decode(tampered, T, MAX_AGE)).isInstanceOf(BadCookie.class);
        assertThat(current.encode(json, T)).isNotEqualTo(current.encode(json, T)); // a fresh nonce each time
    }
}
