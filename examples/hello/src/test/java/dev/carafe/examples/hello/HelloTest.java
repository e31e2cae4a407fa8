package dev.carafe.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hello example, served by Jetty on a free port and called over HTTP. */
class HelloTest {
    private static RunningServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = Hello.create(Config.defaults()).start("127.0.0.1", 0);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theIndexSaysHelloWorld() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Hello, World!");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    }

    @Test
    void searchEchoesTheQuery() throws Exception {
        assertThat(get("/search?q=flask%20contexts").body()).isEqualTo("Searching for: flask contexts");
        assertThat(get("/search").body()).isEqualTo("Searching for: ");
    }

    @Test
    void searchEscapesHtmlInTheQuery() throws Exception {
        assertThat(get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").body())
                .isEqualTo("Searching for: &lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void anUnknownPathIsA404() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }
}
