package dev.carafe.internal;

import dev.carafe.Headers;

/** PLACEHOLDER: trusts no proxy headers yet; the HTTP work implements TRUSTED_PROXIES. */
final class ProxyFix {
    private ProxyFix() {}

    /** The client-facing scheme, host, address and mount prefix of a request. */
    record Resolved(String scheme, String host, String remoteAddr, String prefix) {}

    static Resolved resolve(int trustedProxies, Headers headers, String scheme, String host, String remoteAddr) {
        return new Resolved(scheme, host, remoteAddr, "");
    }
}
