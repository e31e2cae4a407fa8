package dev.carafe.jetty;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Cookie;
import dev.carafe.Request;
import dev.carafe.Response;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.LogCapture;
import dev.carafe.testsupport.RawHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** What the app sees of a request sent over the network, and what the client gets back. */
class ExchangeTest {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void theRequestArrivesAsSent() throws Exception {
        Carafe app = Carafe.create("echo");
        app.post("/items/<name>", () -> {
            Request r = request();
            return r.method() + " " + r.path() + " name=" + r.pathParam("name") + " query=" + r.queryString()
                    + " q=" + r.args().get("q", "") + " scheme=" + r.scheme() + " host=" + r.host()
                    + " remote=" + r.remoteAddr() + " accept=" + r.headers().all("X-Tag") + " body=" + r.text()
                    + " url=" + r.url();
        });
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/items/caf%C3%A9%20cup?q=a%26b&x=1")
                    .header("X-Tag", "one").header("X-Tag", "two")
                    .POST(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("POST /items/café cup name=café cup query=q=a%26b&x=1 q=a&b scheme=http"
                    + " host=127.0.0.1:" + server.port() + " remote=127.0.0.1 accept=[one, two] body=payload"
                    + " url=http://127.0.0.1:" + server.port() + "/items/caf%C3%A9%20cup?q=a%26b&x=1");
        }
    }

    /** An app that says where the client and the URL are, as the forwarding headers make them. */
    private static Carafe whereApp(int trustedProxies) {
        Carafe app = Carafe.create("proxied", Config.builder().set(Config.TRUSTED_PROXIES, trustedProxies)
                .set(Config.TRUSTED_PROXY_HOST, true).set(Config.TRUSTED_PROXY_PREFIX, true).build());
        app.get("/where", "where", () -> request().remoteAddr() + " " + request().url() + " "
                + dev.carafe.Globals.urlFor("where"));
        return app;
    }

    @Test
    void behindOneTrustedProxyTheForwardedHeadersGiveTheClientAndTheUrl() throws Exception {
        try (RunningServer server = whereApp(1).start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/where?x=1")
                    .header("X-Forwarded-For", "198.51.100.7, 203.0.113.9").header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "shop.example.com").header("X-Forwarded-Prefix", "/shop").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("203.0.113.9 https://shop.example.com/shop/where?x=1 /shop/where");
        }
    }

    @Test
    void withoutTrustedProxiesForwardedHeadersAreIgnored() throws Exception {
        try (RunningServer server = whereApp(0).start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/where")
                    .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                    .header("Forwarded", "for=198.51.100.7;proto=https;host=evil.example").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("127.0.0.1 http://127.0.0.1:" + server.port() + "/where /where");
        }
    }

    @Test
    void responseHeadersStatusAndRepeatedCookiesArriveAsSet() throws Exception {
        Carafe app = Carafe.create("headers");
        app.get("/", () -> Response.text("made").status(201).header("X-Custom", "yes")
                .setCookie(Cookie.of("a", "1")).setCookie(Cookie.of("b", "2")));
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.get(server, "/");
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.body()).isEqualTo("made");
            assertThat(r.headers().firstValue("X-Custom")).hasValue("yes");
            assertThat(r.headers().allValues("Set-Cookie")).hasSize(2);
            assertThat(r.headers().firstValue("Content-Length")).hasValue("4");
        }
    }

    @Test
    void headGetsTheHeadersOfGetWithoutABody() throws Exception {
        Carafe app = Carafe.create("head");
        app.get("/", () -> "twelve bytes");
        try (RunningServer server = app.start("127.0.0.1", 0); RawHttp raw = new RawHttp(server.port())) {
            String head = raw.send("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n").readHead();
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 12");
            // The connection stays usable: no body bytes were sent after the head.
            RawHttp.Reply next = raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertThat(next.body()).isEqualTo("twelve bytes");
        }
    }

    @Test
    void withPropagatingErrorsTheServerAnswersABare500AndLogsTheErrorOnce() throws Exception {
        Carafe app = Carafe.create("testing", Config.builder().set(Config.TESTING, true).build());
        app.get("/", () -> {
            throw new IllegalStateException("broken in testing mode");
        });
        try (LogCapture all = LogCapture.of(Logger.ROOT_LOGGER_NAME, Level.INFO);
             RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.get(server, "/");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEmpty();
            assertThat(all.events()).filteredOn(e -> e.getThrowableProxy() != null).singleElement()
                    .satisfies(e -> assertThat(e.getThrowableProxy().getMessage()).isEqualTo("broken in testing mode"));
        }
    }
}
