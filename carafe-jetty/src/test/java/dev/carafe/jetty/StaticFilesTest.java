package dev.carafe.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.Response;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.Http;
import dev.carafe.testsupport.RawHttp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files under /static, with validators, conditional and range requests, and no way out of the folder. */
class StaticFilesTest {
    private static final Http HTTP = new Http();
    private static final String CSS = "body { color: #333; }\n";

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @TempDir
    Path root;

    private RunningServer serveFolder() throws Exception {
        Path folder = Files.createDirectories(root.resolve("static"));
        Files.writeString(folder.resolve("app.css"), CSS);
        Files.writeString(root.resolve("secret.txt"), "the database password");
        Carafe app = Carafe.create("files", Config.builder().set(Config.STATIC_FOLDER, folder.toString()).build());
        app.get("/", () -> "index");
        app.errorHandler(404, e -> Response.text("not found by the app").status(404));
        return app.start("127.0.0.1", 0);
    }

    @Test
    void aFileIsServedWithItsTypeAndValidators() throws Exception {
        try (RunningServer server = serveFolder()) {
            HttpResponse<String> r = HTTP.get(server, "/static/app.css");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(CSS);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
            assertThat(r.headers().firstValue("ETag")).isPresent();
            assertThat(r.headers().firstValue("Last-Modified")).isPresent();
            assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        }
    }

    @Test
    void aMatchingEtagOrDateGets304() throws Exception {
        try (RunningServer server = serveFolder()) {
            HttpResponse<String> first = HTTP.get(server, "/static/app.css");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

            HttpResponse<String> byEtag = HTTP.client().send(HTTP.request(server, "/static/app.css")
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(byEtag.statusCode()).isEqualTo(304);
            assertThat(byEtag.body()).isEmpty();

            HttpResponse<String> byDate = HTTP.client().send(HTTP.request(server, "/static/app.css")
                    .header("If-Modified-Since", lastModified).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(byDate.statusCode()).isEqualTo(304);

            HttpResponse<String> otherEtag = HTTP.client().send(HTTP.request(server, "/static/app.css")
                    .header("If-None-Match", "\"something-else\"").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(otherEtag.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRangeGets206WithJustThoseBytes() throws Exception {
        try (RunningServer server = serveFolder()) {
            HttpResponse<String> r = HTTP.client().send(HTTP.request(server, "/static/app.css")
                    .header("Range", "bytes=0-3").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.body()).isEqualTo("body");
            assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-3/" + CSS.length());

            HttpResponse<String> unsatisfiable = HTTP.client().send(HTTP.request(server, "/static/app.css")
                    .header("Range", "bytes=5000-6000").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        }
    }

    @Test
    void pathsThatLeaveTheFolderNeverServeWhatIsOutside() throws Exception {
        try (RunningServer server = serveFolder()) {
            for (String path : List.of("/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/..%2fsecret.txt",
                    "/static/%2e%2e%2fsecret.txt", "/static/..\\secret.txt", "/static//../secret.txt",
                    "/static/.%2e/secret.txt", "/static/app.css/../../secret.txt")) {
                try (RawHttp raw = new RawHttp(server.port())) {
                    RawHttp.Reply reply = raw.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .read();
                    assertThat(reply.status()).as(path).isIn(400, 404);
                    assertThat(reply.body()).as(path).doesNotContain("password");
                }
            }
        }
    }

    @Test
    void aMissingFileFallsThroughToTheAppsNotFound() throws Exception {
        try (RunningServer server = serveFolder()) {
            HttpResponse<String> r = HTTP.get(server, "/static/missing.js");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("not found by the app");
            assertThat(HTTP.get(server, "/").body()).isEqualTo("index");
        }
    }

    @Test
    void aFolderIsNotListed() throws Exception {
        try (RunningServer server = serveFolder()) {
            Files.createDirectories(root.resolve("static/img"));
            assertThat(HTTP.get(server, "/static/img/").body()).doesNotContain("app.css");
            assertThat(HTTP.get(server, "/static/").body()).doesNotContain("app.css");
        }
    }

    @Test
    void filesComeFromTheClassPathWithTheClasspathPrefix() throws Exception {
        Carafe app = Carafe.create("cp", Config.builder().set(Config.STATIC_FOLDER, "classpath:static-test").build());
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.get(server, "/static/hello.txt");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from the class path\n");
            assertThat(r.headers().firstValue("ETag")).isPresent();
        }
    }

    @Test
    void theUrlPathIsConfigurable() throws Exception {
        Path folder = Files.createDirectories(root.resolve("assets"));
        Files.writeString(folder.resolve("a.txt"), "A");
        Carafe app = Carafe.create("assets", Config.builder().set(Config.STATIC_FOLDER, folder.toString())
                .set(Config.STATIC_URL_PATH, "/assets").build());
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            assertThat(HTTP.get(server, "/assets/a.txt").body()).isEqualTo("A");
            assertThat(HTTP.get(server, "/static/a.txt").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aConfiguredFolderThatDoesNotExistFailsAtStartWithTheFix() {
        Path missing = root.resolve("nope");
        Carafe app = Carafe.create("missing", Config.builder().set(Config.STATIC_FOLDER, missing.toString()).build());
        assertThatThrownBy(() -> app.start("127.0.0.1", 0))
                .isInstanceOf(CarafeException.class)
                .hasMessage("STATIC_FOLDER is " + missing + ", which is not a directory. Create it, point STATIC_FOLDER"
                        + " at the folder holding your static files, or set STATIC_URL_PATH to an empty value to serve"
                        + " no static files.");
    }

    @Test
    void withoutAStaticFolderStaticUrlsReachTheApp() throws Exception {
        Carafe app = Carafe.create("plain");
        app.get("/static/<path:name>", () -> "route for " + dev.carafe.Globals.request().pathParam("name"));
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            assertThat(HTTP.get(server, "/static/x.js").body()).isEqualTo("route for x.js");
        }
    }
}
