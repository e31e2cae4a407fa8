package dev.carafe;

import static dev.carafe.Globals.copyContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multipart forms with files, their limits and malformed bodies, through the in-memory client. */
class MultipartTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static Carafe app(Config config) {
        Carafe app = Carafe.create("uploads", config);
        app.errorHandler(400, e -> Response.text(e.description()).status(400));
        app.errorHandler(413, e -> Response.text(e.description()).status(413));
        return app;
    }

    private static Carafe app() {
        return app(Config.defaults());
    }

    private static TestRequest raw(String body) {
        return TestRequest.post("/up").body(body.getBytes(StandardCharsets.UTF_8), TYPE);
    }

    private static String describe(UploadedFile f) throws IOException {
        return f.fieldName() + ":" + f.filename().orElse("-") + ":" + f.contentType() + ":" + f.size() + ":"
                + new String(f.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAndFilesArrive() {
        Carafe app = app();
        app.post("/up", () -> request().form().asMap() + " " + describe(request().file("doc").orElseThrow()));

        TestResponse r = app.testClient().send(TestRequest.post("/up").form("title", "Report")
                .file("doc", "a.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.text()).isEqualTo("{title=[Report]} doc:a.txt:text/plain:5:hello");
    }

    @Test
    void severalFilesMayShareAFieldName() {
        Carafe app = app();
        app.post("/up", () -> {
            StringBuilder sb = new StringBuilder();
            for (UploadedFile f : request().files().get("docs")) {
                sb.append(describe(f)).append(' ');
            }
            return sb.toString().trim();
        });

        TestResponse r = app.testClient().send(TestRequest.post("/up")
                .file("docs", "1.txt", "text/plain", "one".getBytes(StandardCharsets.UTF_8))
                .file("docs", "2.bin", "application/octet-stream", new byte[] {0, 1, 'z'}));
        assertThat(r.text()).isEqualTo("docs:1.txt:text/plain:3:one docs:2.bin:application/octet-stream:3:\0\1z");
    }

    @Test
    void aLargeFileArrivesByteForByte(@TempDir Path dir) throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path target = dir.resolve("copy.bin");
        Carafe app = app();
        app.post("/up", () -> {
            UploadedFile f = request().file("blob").orElseThrow();
            f.transferTo(target);
            return f.size() + " " + java.util.Arrays.equals(f.bytes(), content);
        });

        TestResponse r = app.testClient().send(TestRequest.post("/up").file("blob", "b.bin", "application/octet-stream", content));
        assertThat(r.text()).isEqualTo("300000 true");
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void aFileIsReleasedWhenTheRequestEnds() {
        AtomicReference<UploadedFile> kept = new AtomicReference<>();
        Carafe app = app();
        app.post("/up", () -> {
            kept.set(request().file("f").orElseThrow());
            return "ok";
        });

        app.testClient().send(TestRequest.post("/up").file("f", "a.txt", "text/plain", new byte[100_000]));
        assertThatThrownBy(() -> kept.get().bytes())
                .isInstanceOf(IOException.class)
                .hasMessage("The uploaded file 'f' was released when its request ended. Read or save it in the handler,"
                        + " or in background work started with a copy of the request's context.");
    }

    @Test
    void aCopyOfTheContextKeepsTheFileUntilItEnds() throws Exception {
        AtomicReference<Context> copy = new AtomicReference<>();
        Carafe app = app();
        app.post("/up", () -> {
            request().files();
            copy.set(copyContext());
            return "accepted";
        });

        app.testClient().send(TestRequest.post("/up").file("f", "a.txt", "text/plain", new byte[100_000]));
        AtomicReference<UploadedFile> file = new AtomicReference<>();
        AtomicReference<Integer> size = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().start(() -> copy.get().run(() -> {
            try {
                file.set(request().file("f").orElseThrow());
                size.set(file.get().bytes().length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        worker.join();
        assertThat(size.get()).as("read after the request ended").isEqualTo(100_000);
        assertThatThrownBy(() -> file.get().bytes()).as("released when the copy ended").isInstanceOf(IOException.class);
    }

    @Test
    void filenamesAreReportedAsSentAndNeverUsedAsPaths() {
        Carafe app = app();
        app.post("/up", () -> request().file("f").orElseThrow().filename().orElse("-"));

        assertThat(app.testClient().send(TestRequest.post("/up")
                .file("f", "../../etc/passwd", "text/plain", new byte[70_000])).text()).isEqualTo("../../etc/passwd");
    }

    @Test
    void anEncodedFilenameWinsAndAnEmptyOneIsAbsent() {
        Carafe app = app();
        app.post("/up", () -> request().file("a").orElseThrow().filename().orElse("-") + " "
                + request().file("b").orElseThrow().filename().orElse("-") + " " + request().file("b").orElseThrow().contentType());

        TestResponse r = app.testClient().send(raw("""
                --XyZ\r
                Content-Disposition: form-data; name="a"; filename="fallback.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt\r
                \r
                x\r
                --XyZ\r
                Content-Disposition: form-data; name="b"; filename=""\r
                \r
                \r
                --XyZ--\r
                """));
        assertThat(r.text()).isEqualTo("résumé.txt - application/octet-stream");
    }

    @Test
    void preambleEpilogueAndBareLineFeedsAreAccepted() {
        Carafe app = app();
        app.post("/up", () -> request().form().asMap().toString());

        TestResponse r = app.testClient().send(raw("This is the preamble.\r\n--XyZ\nContent-Disposition: form-data;"
                + " name=\"a\"\n\nfirst\n--XyZ  \r\ncontent-disposition: form-data; name=b\r\n\r\nsecond\r\n--XyZ--\r\n"
                + "epilogue"));
        assertThat(r.text()).isEqualTo("{a=[first], b=[second]}");
    }

    @Test
    void aFieldsCharsetIsRespected() {
        Carafe app = app();
        app.post("/up", () -> request().form().get("a", ""));
        byte[] body = ("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain; charset=ISO-8859-1"
                + "\r\n\r\ncaf\u00e9\r\n--XyZ--\r\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(app.testClient().send(TestRequest.post("/up").body(body, TYPE)).text()).isEqualTo("café");
    }

    // ---- limits ---------------------------------------------------------------------------------

    @Test
    void moreFieldsAndFilesThanMaxFormPartsIs413() {
        Carafe app = app(Config.builder().set(Config.MAX_FORM_PARTS, 2).build());
        app.post("/up", () -> request().form().asMap().toString());

        TestResponse r = app.testClient().send(TestRequest.post("/up").form("a", "1").form("b", "2")
                .file("c", "c.txt", "text/plain", new byte[1]));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).isEqualTo("The multipart form has more than 2 parts (MAX_FORM_PARTS).");
    }

    @Test
    void aFieldLargerThanMaxFormMemorySizeIs413ButAFileMayBeLarger() {
        Carafe app = app(Config.builder().set(Config.MAX_FORM_MEMORY_SIZE, 10L).build());
        app.post("/up", () -> request().form().asMap() + " " + request().file("f").map(UploadedFile::size).orElse(0L));

        TestResponse tooLarge = app.testClient().send(TestRequest.post("/up").form("note", "eleven byte")
                .file("f", "f.txt", "text/plain", new byte[1]));
        TestResponse fine = app.testClient().send(TestRequest.post("/up").form("note", "ten bytes!")
                .file("f", "f.txt", "text/plain", new byte[1000]));

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.text()).isEqualTo("The form field 'note' is larger than the limit of 10 bytes (MAX_FORM_MEMORY_SIZE).");
        assertThat(fine.text()).isEqualTo("{note=[ten bytes!]} 1000");
    }

    @Test
    void aBodyLargerThanMaxContentLengthIs413EvenWhenItsLengthIsUnderstated() {
        Carafe app = app(Config.builder().set(Config.MAX_CONTENT_LENGTH, 1000L).build());
        app.post("/up", () -> request().files().size());

        TestResponse declared = app.testClient().send(TestRequest.post("/up").file("f", "f", "text/plain", new byte[2000]));
        TestResponse understated = app.testClient().send(TestRequest.post("/up").header("Content-Length", "500")
                .file("f", "f", "text/plain", new byte[2000]));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(understated.status()).isEqualTo(413);
        assertThat(understated.text()).isEqualTo("The request body is larger than the limit of 1000 bytes (MAX_CONTENT_LENGTH).");
    }

    // ---- malformed bodies -----------------------------------------------------------------------

    private static String answer(TestRequest request) {
        Carafe app = app();
        app.post("/up", () -> request().form().asMap().toString());
        TestResponse r = app.testClient().send(request);
        assertThat(r.status()).isEqualTo(400);
        return r.text();
    }

    @Test
    void aMissingBoundaryIs400() {
        assertThat(answer(TestRequest.post("/up").body("x".getBytes(StandardCharsets.UTF_8), "multipart/form-data")))
                .isEqualTo("The multipart/form-data request has no boundary in its Content-Type header.");
    }

    @Test
    void aBodyWithoutTheBoundaryIs400() {
        assertThat(answer(raw("just some text")))
                .isEqualTo("The multipart body has no boundary line; check that it uses the boundary named in the"
                        + " Content-Type header.");
    }

    @Test
    void aTruncatedBodyIs400() {
        String expected = "The multipart body ended before its closing boundary; the client sent an incomplete form.";
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end")))
                .isEqualTo(expected);
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n"))).isEqualTo(expected);
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ"))).isEqualTo(expected);
    }

    @Test
    void partsWithBadHeadersAre400() {
        assertThat(answer(raw("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has no Content-Disposition header.");
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has no field name in its Content-Disposition header.");
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has Content-Disposition 'attachment'; a form sends 'form-data'.");
        assertThat(answer(raw("--XyZ\r\nthis is not a header\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has a malformed header line (no ':').");
        assertThat(answer(raw("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has a malformed Content-Disposition header.");
        assertThat(answer(raw("--XyZ\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\nv\r\n--XyZ--")))
                .isEqualTo("A part of the multipart body has more than 16384 bytes of headers.");
        assertThat(answer(raw("--XyZjunk\r\n")))
                .isEqualTo("A boundary line of the multipart body is followed by unexpected bytes; it must end with a"
                        + " line break or with '--'.");
    }

    @Test
    void aFieldThatIsNotUtf8Is400() {
        byte[] body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\u00ff\r\n--XyZ--\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(answer(TestRequest.post("/up").body(body, TYPE))).isEqualTo("The form field 'a' is not valid UTF-8.");
    }

    @Test
    void theBodyIsEmptyAfterTheFormWasParsed() {
        Carafe app = app();
        app.post("/up", () -> request().form().get("a", "") + " " + request().body().length);

        assertThat(app.testClient().send(TestRequest.post("/up").form("a", "1").file("f", "f", "text/plain", new byte[3]))
                .text()).isEqualTo("1 0");
    }

    @Test
    void theFormIsStillReadableWhenTheBodyWasReadFirst() {
        Carafe app = app();
        app.post("/up", () -> request().body().length > 0 ? request().form().asMap() + " " + request().files().keySet() : "");

        assertThat(app.testClient().send(TestRequest.post("/up").form("a", "1").file("f", "f", "text/plain", new byte[3]))
                .text()).isEqualTo("{a=[1]} [f]");
    }

    @Test
    void filesAreListedInTheOrderSent() {
        Carafe app = app();
        app.post("/up", () -> List.copyOf(request().files().keySet()).toString());

        assertThat(app.testClient().send(TestRequest.post("/up").file("z", "z", "text/plain", new byte[1])
                .file("a", "a", "text/plain", new byte[1])).text()).isEqualTo("[z, a]");
    }
}
