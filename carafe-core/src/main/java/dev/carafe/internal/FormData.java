package dev.carafe.internal;

import dev.carafe.Config;
import dev.carafe.HttpError;
import dev.carafe.Params;
import dev.carafe.UploadedFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A request's form: its fields and files, parsed from an url-encoded or multipart body.
 *
 * <p>Limits, as Flask's: {@code MAX_CONTENT_LENGTH} for the whole body; for an url-encoded
 * body, {@code MAX_FORM_MEMORY_SIZE} for the whole body and {@code MAX_FORM_PARTS} for the
 * number of fields; for a multipart body, {@code MAX_FORM_MEMORY_SIZE} for each non-file field
 * and {@code MAX_FORM_PARTS} for the number of parts. Past a limit the answer is a 413.
 *
 * @param fields the non-file fields
 * @param files  the files by field name
 */
record FormData(Params fields, Map<String, List<UploadedFile>> files) {
    private static final FormData EMPTY = new FormData(Params.empty(), Map.of());

    static boolean isForm(RequestImpl request) {
        String ct = request.contentType().orElse("").toLowerCase(Locale.ROOT);
        return ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data");
    }

    /** Parses the request's form; a body of another type gives an empty form, as in Flask. */
    static FormData parse(RequestImpl request, Config config, ContextImpl context) {
        String contentType = request.contentType().orElse("");
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            long max = config.get(Config.MAX_FORM_MEMORY_SIZE);
            OptionalLong declared = request.contentLength();
            if (declared.isPresent() && declared.getAsLong() > max) {
                throw formTooLarge(max);
            }
            byte[] body = request.body();
            if (body.length > max) {
                throw formTooLarge(max);
            }
            return new FormData(UrlCodec.parseForm(body, request.charset(), config.get(Config.MAX_FORM_PARTS)), Map.of());
        }
        if (ct.startsWith("multipart/form-data")) {
            int semi = contentType.indexOf(';');
            Map<String, String> params = MultipartHeaders.params(semi < 0 ? "" : contentType.substring(semi + 1));
            String boundary = params == null ? null : params.get("boundary");
            if (boundary == null || boundary.isEmpty()) {
                throw HttpError.of(400, "The multipart/form-data request has no boundary in its Content-Type header.");
            }
            if (boundary.length() > 70 || !boundary.chars().allMatch(c -> c >= 32 && c < 127)) {
                throw HttpError.of(400, "The multipart boundary in the Content-Type header is not valid: it must be"
                        + " 1 to 70 printable ASCII characters.");
            }
            if (context == null) {
                throw new IllegalStateException("a multipart form is parsed only in a request context, which releases its files");
            }
            long maxBody = config.get(Config.MAX_CONTENT_LENGTH);
            OptionalLong declared = request.contentLength();
            if (declared.isPresent() && declared.getAsLong() > maxBody) {
                throw bodyTooLarge(maxBody);
            }
            MultipartParser.Limits limits = new MultipartParser.Limits(config.get(Config.MAX_FORM_PARTS),
                    config.get(Config.MAX_FORM_MEMORY_SIZE));
            try (InputStream in = new Limited(request.takeBodyStream(), maxBody)) {
                MultipartParser.Result r = MultipartParser.parse(in, boundary, limits, request.charset(),
                        context::registerShared);
                return new FormData(r.fields(), r.files());
            } catch (IOException closeFailure) {
                throw HttpError.of(400, "The request body could not be read: the client sent an incomplete body.",
                        closeFailure);
            }
        }
        return EMPTY;
    }

    private static HttpError formTooLarge(long max) {
        return HttpError.of(413, "The form is larger than the limit of " + max + " bytes (MAX_FORM_MEMORY_SIZE).");
    }

    private static HttpError bodyTooLarge(long max) {
        return HttpError.of(413, "The request body is larger than the limit of " + max + " bytes (MAX_CONTENT_LENGTH).");
    }

    /** A body stream that fails with a 413 once more than {@code max} bytes were read. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw bodyTooLarge(max);
            }
        }
    }
}
