package dev.carafe;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.testing.TestRequest;
import org.junit.jupiter.api.Test;

/** {@code TRUSTED_PROXIES}: which forwarding headers decide the client's address, scheme, host and prefix. */
class ProxyFixTest {

    /** Answers "address scheme host url" as the app sees them. */
    private static String seen(int trustedProxies, TestRequest request) {
        return seen(Config.builder().set(Config.TRUSTED_PROXIES, trustedProxies)
                .set(Config.TRUSTED_PROXY_HOST, true).set(Config.TRUSTED_PROXY_PREFIX, true).build(), request);
    }

    private static String seen(Config config, TestRequest request) {
        Carafe app = Carafe.create("proxied", config);
        app.get("/where", () -> request().remoteAddr() + " " + request().scheme() + " " + request().host() + " "
                + request().url());
        return app.testClient().send(request).text();
    }

    private static TestRequest viaProxy() {
        return TestRequest.get("/where?x=1").remoteAddr("10.0.0.1").header("Host", "app.internal:8080");
    }

    @Test
    void withNoTrustedProxyForwardingHeadersAreIgnored() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "example.com").header("X-Forwarded-Prefix", "/shop")
                .header("Forwarded", "for=198.51.100.1;proto=https");

        assertThat(seen(0, r)).isEqualTo("10.0.0.1 http app.internal:8080 http://app.internal:8080/where?x=1");
    }

    @Test
    void oneTrustedProxyGivesTheClientAddressSchemeHostAndPrefix() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "example.com").header("X-Forwarded-Prefix", "/shop/");

        assertThat(seen(1, r)).isEqualTo("203.0.113.9 https example.com https://example.com/shop/where?x=1");
    }

    @Test
    void valuesLeftOfTheTrustedOnesCameFromTheClientAndAreNotUsed() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "6.6.6.6, 203.0.113.9")
                .header("X-Forwarded-Host", "evil.example, example.com");

        assertThat(seen(1, r)).startsWith("203.0.113.9 http example.com ");
    }

    @Test
    void withTwoProxiesTheSecondValueFromTheRightIsTheClient() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "6.6.6.6, 203.0.113.9").header("X-Forwarded-For", "10.0.0.2");

        assertThat(seen(2, r)).startsWith("203.0.113.9 ");
    }

    @Test
    void aHeaderWithFewerValuesThanTrustedProxiesIsIgnored() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https");

        assertThat(seen(2, r)).isEqualTo("10.0.0.1 http app.internal:8080 http://app.internal:8080/where?x=1");
    }

    @Test
    void forwardedPortReplacesThePortAndDefaultPortsAreLeftOut() {
        TestRequest custom = viaProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "example.com:1")
                .header("X-Forwarded-Port", "8443");
        TestRequest standard = viaProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Port", "443");

        assertThat(seen(1, custom)).endsWith(" https example.com:8443 https://example.com:8443/where?x=1");
        assertThat(seen(1, standard)).endsWith(" https app.internal https://app.internal/where?x=1");
    }

    @Test
    void theForwardedHeaderIsReadWhenNoXForwardedHeaderIsPresent() {
        TestRequest r = viaProxy().header("Forwarded", "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=HTTPS;host=example.org");

        assertThat(seen(1, r)).isEqualTo("2001:db8:cafe::17 https example.org https://example.org/where?x=1");
    }

    @Test
    void xForwardedHeadersTakePrecedenceOverForwarded() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=198.51.100.1;proto=https;host=spoofed.example");

        assertThat(seen(1, r)).isEqualTo("203.0.113.9 http app.internal:8080 http://app.internal:8080/where?x=1");
    }

    @Test
    void malformedValuesAreIgnoredNeverAnError() {
        TestRequest x = viaProxy().header("X-Forwarded-For", "not-an-ip").header("X-Forwarded-Proto", "javascript")
                .header("X-Forwarded-Host", "evil.example/path").header("X-Forwarded-Port", "99999")
                .header("X-Forwarded-Prefix", "no-leading-slash");
        TestRequest forwarded = viaProxy().header("Forwarded", "for=\"203.0.113.9;proto=https");
        TestRequest obfuscated = viaProxy().header("Forwarded", "for=_hidden;proto=https");

        String direct = "10.0.0.1 http app.internal:8080 http://app.internal:8080/where?x=1";
        assertThat(seen(1, x)).isEqualTo(direct);
        assertThat(seen(1, forwarded)).isEqualTo(direct);
        assertThat(seen(1, obfuscated)).isEqualTo("10.0.0.1 https app.internal:8080 https://app.internal:8080/where?x=1");
    }

    @Test
    void anIpv4AddressWithAPortLosesThePort() {
        assertThat(seen(1, viaProxy().header("X-Forwarded-For", "203.0.113.9:51234"))).startsWith("203.0.113.9 ");
    }

    @Test
    void byDefaultTrustedProxiesDecideTheAddressAndSchemeButNotTheHostOrPrefix() {
        TestRequest r = viaProxy().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Prefix", "/evil")
                .header("X-Forwarded-Port", "444");

        assertThat(seen(Config.builder().set(Config.TRUSTED_PROXIES, 1).build(), r))
                .as("a proxy that sets only For and Proto passes the client's Host and Prefix through")
                .isEqualTo("203.0.113.9 https app.internal:8080 https://app.internal:8080/where?x=1");
    }

    @Test
    void theForwardedHeadersHostIsTrustedOnlyWhenTheHostIs() {
        TestRequest r = viaProxy().header("Forwarded", "for=198.51.100.1;proto=https;host=evil.example");

        assertThat(seen(Config.builder().set(Config.TRUSTED_PROXIES, 1).build(), r))
                .isEqualTo("198.51.100.1 https app.internal:8080 https://app.internal:8080/where?x=1");
    }

    @Test
    void aPrefixThatWouldPointAtAnotherSiteIsIgnored() {
        TestRequest r = viaProxy().header("X-Forwarded-Prefix", "//evil.example");

        assertThat(seen(1, r)).endsWith(" http://app.internal:8080/where?x=1");
    }
}
