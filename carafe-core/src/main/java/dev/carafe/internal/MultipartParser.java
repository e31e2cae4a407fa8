package dev.carafe.internal;

import dev.carafe.HttpError;
import dev.carafe.Params;
import dev.carafe.UploadedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A streaming parser of {@code multipart/form-data} bodies (RFC 7578): fields go to memory
 * (each at most {@code MAX_FORM_MEMORY_SIZE}), files to {@link UploadedFileImpl}s, which
 * spool large ones to disk, so the body is never held whole.
 *
 * <p>Hand-written because no suitable library exists for the core: Apache
 * commons-fileupload2 has only milestone releases, and Jetty's {@code MultiPartFormData}
 * cannot be used because only carafe-jetty may import Jetty (the core serves the in-memory
 * test client and any other adapter too).
 *
 * <p>Like Werkzeug's parser it accepts a bare LF where CRLF is due, ignores the preamble and
 * the epilogue, and treats a part with a {@code filename} parameter (even empty) as a file.
 * Anything else malformed — no boundary line, a part without {@code Content-Disposition} or
 * field name, a body ending before the closing boundary — is a 400 with a message.
 */
final class MultipartParser {
    private static final int BUFFER = 32 * 1024;
    /** Most bytes of headers one part may have. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * The limits of one form.
     *
     * @param maxParts     most parts (fields and files), else 413 ({@code MAX_FORM_PARTS})
     * @param maxFieldSize most bytes of one non-file field, else 413 ({@code MAX_FORM_MEMORY_SIZE})
     */
    record Limits(int maxParts, long maxFieldSize) {}

    /** The parsed form: fields and files, each in the order sent. */
    record Result(Params fields, Map<String, List<UploadedFile>> files) {}

    private interface Sink {
        void write(byte[] b, int off, int len);
    }

    private final InputStream in;
    private final byte[] dashBoundary;
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;

    private MultipartParser(InputStream in, String boundary) {
        this.in = in;
        this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.delimiter = ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a whole body. {@code onFile} receives each file as soon as it exists, before its
     * content is written, so that it is released even when parsing fails later.
     *
     * @throws HttpError 400 when the body is malformed or cannot be read; 413 past a limit
     */
    static Result parse(InputStream in, String boundary, Limits limits, Charset charset, Consumer<UploadedFileImpl> onFile) {
        return new MultipartParser(in, boundary).parse(limits, charset, onFile);
    }

    private Result parse(Limits limits, Charset charset, Consumer<UploadedFileImpl> onFile) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
        if (ensure(dashBoundary.length) && startsWith(dashBoundary)) {
            pos += dashBoundary.length;
        } else if (!readUntilDelimiter((b, off, len) -> { })) {
            throw HttpError.of(400, "The multipart body has no boundary line; check that it uses the boundary named in"
                    + " the Content-Type header.");
        }
        int parts = 0;
        while (!closingBoundary()) {
            if (++parts > limits.maxParts()) {
                throw HttpError.of(413, "The multipart form has more than " + limits.maxParts() + " parts (MAX_FORM_PARTS).");
            }
            MultipartHeaders headers = MultipartHeaders.parse(readHeaderLines());
            if (headers.filename() != null) {
                String type = headers.contentType() == null ? "application/octet-stream" : headers.contentType();
                UploadedFileImpl file = new UploadedFileImpl(headers.name(), headers.filename(), type);
                onFile.accept(file);
                requireDelimiter(readUntilDelimiter((b, off, len) -> {
                    try {
                        file.write(b, off, len);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Could not spool an uploaded file to a temporary file", e);
                    }
                }));
                try {
                    file.finish();
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not spool an uploaded file to a temporary file", e);
                }
                files.computeIfAbsent(headers.name(), k -> new ArrayList<>(1)).add(file);
            } else {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                requireDelimiter(readUntilDelimiter((b, off, len) -> {
                    if (value.size() + (long) len > limits.maxFieldSize()) {
                        throw HttpError.of(413, "The form field '" + headers.name() + "' is larger than the limit of "
                                + limits.maxFieldSize() + " bytes (MAX_FORM_MEMORY_SIZE).");
                    }
                    value.write(b, off, len);
                }));
                Charset cs = headers.contentType() == null ? charset : UrlCodec.charsetOf(headers.contentType());
                byte[] bytes = value.toByteArray();
                String text = UrlCodec.toText(bytes, 0, bytes.length, cs, "The form field '" + headers.name()
                        + "' is not valid " + cs.name() + ".");
                fields.computeIfAbsent(headers.name(), k -> new ArrayList<>(1)).add(text);
            }
        }
        Map<String, List<UploadedFile>> frozen = new LinkedHashMap<>();
        files.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Result(Params.of(fields), Collections.unmodifiableMap(frozen));
    }

    /** Reads what follows a boundary: {@code --} ends the body, a line break starts a part. */
    private boolean closingBoundary() {
        if (!ensure(2)) {
            throw truncated();
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return true;
        }
        while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++; // transport padding (RFC 2046)
        }
        if (ensure(2) && buf[pos] == '\r' && buf[pos + 1] == '\n') {
            pos += 2;
            return false;
        }
        if (ensure(1) && buf[pos] == '\n') {
            pos++;
            return false;
        }
        if (limit - pos == 0) {
            throw truncated();
        }
        throw HttpError.of(400, "A boundary line of the multipart body is followed by unexpected bytes; it must end"
                + " with a line break or with '--'.");
    }

    private List<String> readHeaderLines() {
        List<String> lines = new ArrayList<>(2);
        int total = 0;
        while (true) {
            int nl = indexOf((byte) '\n', pos, limit);
            if (nl < 0) {
                if (total + (limit - pos) > MAX_HEADER_BYTES) {
                    throw tooLargeHeaders();
                }
                if (eof) {
                    throw truncated();
                }
                fill();
                continue;
            }
            int end = nl > pos && buf[nl - 1] == '\r' ? nl - 1 : nl;
            total += nl + 1 - pos;
            if (total > MAX_HEADER_BYTES) {
                throw tooLargeHeaders();
            }
            String line = headerText(pos, end - pos);
            pos = nl + 1;
            if (line.isEmpty()) {
                return lines;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.getLast() + " " + line.trim()); // obsolete line folding
            } else {
                lines.add(line);
            }
        }
    }

    /** Header bytes are UTF-8 in today's browsers; fall back to Latin-1 for older clients. */
    private String headerText(int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(buf, off, len)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Passes the bytes up to the next delimiter to {@code sink} and moves past the delimiter;
     * returns false when the body ends first.
     */
    private boolean readUntilDelimiter(Sink sink) {
        while (true) {
            int k = indexOf(delimiter, pos, limit);
            if (k >= 0) {
                int end = k > pos && buf[k - 1] == '\r' ? k - 1 : k;
                sink.write(buf, pos, end - pos);
                pos = k + delimiter.length;
                return true;
            }
            // Hold back what could be the start of a delimiter, and the CR before it.
            int safe = limit - delimiter.length;
            if (safe > pos) {
                sink.write(buf, pos, safe - pos);
                pos = safe;
            }
            if (eof) {
                return false;
            }
            fill();
        }
    }

    private void requireDelimiter(boolean found) {
        if (!found) {
            throw truncated();
        }
    }

    /** Returns whether {@code n} bytes are buffered, reading more as needed. */
    private boolean ensure(int n) {
        while (limit - pos < n && !eof) {
            fill();
        }
        return limit - pos >= n;
    }

    private void fill() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        try {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        } catch (IOException e) {
            throw HttpError.of(400, "The request body could not be read: the client sent an incomplete body.", e);
        }
    }

    private boolean startsWith(byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (buf[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte[] pattern, int from, int to) {
        int last = to - pattern.length;
        outer:
        for (int i = indexOf(pattern[0], from, to); i >= 0 && i <= last; i = indexOf(pattern[0], i + 1, to)) {
            for (int j = 1; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private HttpError truncated() {
        return HttpError.of(400, "The multipart body ended before its closing boundary; the client sent an"
                + " incomplete form.");
    }

    private static HttpError tooLargeHeaders() {
        return HttpError.of(400, "A part of the multipart body has more than " + MAX_HEADER_BYTES
                + " bytes of headers.");
    }
}
