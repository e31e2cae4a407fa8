package dev.carafe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.HttpError;
import dev.carafe.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The multipart parser alone: buffer edges, near-delimiters in content, spooling and release. */
class MultipartParserTest {
    private static final String BOUNDARY = "XyZ";
    private static final MultipartParser.Limits LIMITS = new MultipartParser.Limits(100, 1_000_000);

    /** Returns at most a few bytes per read, so that every delimiter straddles reads. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random;

        Trickle(byte[] data, long seed) {
            this.in = new ByteArrayInputStream(data);
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(50)));
        }
    }

    /** Random bytes over an alphabet rich in delimiter prefixes, never the full delimiter. */
    private static byte[] nearDelimiters(Random random, int size) {
        byte[] alphabet = "\r\n-XyZa".getBytes(StandardCharsets.ISO_8859_1);
        while (true) {
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = alphabet[random.nextInt(alphabet.length)];
            }
            if (!new String(out, StandardCharsets.ISO_8859_1).contains("\n--" + BOUNDARY)) {
                return out;
            }
        }
    }

    private static byte[] body(byte[] field, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"field\"\r\nContent-Type: text/plain;"
                + " charset=ISO-8859-1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(field);
        out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    @Test
    void contentFullOfDelimiterPrefixesSurvivesAnySplitOfTheReads() throws IOException {
        for (long seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            byte[] field = nearDelimiters(random, random.nextInt(300));
            byte[] file = nearDelimiters(random, random.nextInt(100_000));
            List<UploadedFileImpl> created = new ArrayList<>();

            MultipartParser.Result r = MultipartParser.parse(new Trickle(body(field, file), seed), BOUNDARY, LIMITS,
                    StandardCharsets.UTF_8, created::add);

            assertThat(r.fields().get("field").orElseThrow()).as("seed %d", seed)
                    .isEqualTo(new String(field, StandardCharsets.ISO_8859_1));
            UploadedFile f = r.files().get("file").getFirst();
            assertThat(f.bytes()).as("seed %d", seed).isEqualTo(file);
            for (UploadedFileImpl c : created) {
                c.close();
            }
        }
    }

    @Test
    void filesPastTheThresholdAreSpooledToATemporaryFileDeletedOnClose() throws IOException {
        byte[] small = new byte[UploadedFileImpl.MEMORY_THRESHOLD];
        byte[] large = new byte[UploadedFileImpl.MEMORY_THRESHOLD + 1];
        new Random(1).nextBytes(large);
        List<UploadedFileImpl> created = new ArrayList<>();

        MultipartParser.parse(new ByteArrayInputStream(body(new byte[0], small)), BOUNDARY, LIMITS, StandardCharsets.UTF_8,
                created::add);
        MultipartParser.parse(new Trickle(body(new byte[0], large), 3), BOUNDARY, LIMITS, StandardCharsets.UTF_8,
                created::add);

        assertThat(created.get(0).spooledTo()).isEmpty();
        Path spooled = created.get(1).spooledTo().orElseThrow();
        assertThat(spooled.getFileName().toString()).startsWith("carafe-upload-").endsWith(".tmp");
        assertThat(spooled.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(Files.readAllBytes(spooled)).isEqualTo(large);
        try (InputStream in = created.get(1).open()) {
            assertThat(in.readAllBytes()).isEqualTo(large);
        }

        created.get(1).close();
        created.get(1).close();
        assertThat(spooled).doesNotExist();
    }

    @Test
    void aFileIsHandedOverBeforeItsContentIsWritten() throws IOException {
        List<UploadedFileImpl> created = new ArrayList<>();
        byte[] truncated = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                + "x".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> MultipartParser.parse(new ByteArrayInputStream(truncated), BOUNDARY, LIMITS,
                StandardCharsets.UTF_8, created::add)).isInstanceOf(HttpError.class);
        assertThat(created).as("handed over, so the request releases it although parsing failed").hasSize(1);
        Path spooled = created.getFirst().spooledTo().orElseThrow();
        created.getFirst().close();
        assertThat(spooled).doesNotExist();
    }
}
