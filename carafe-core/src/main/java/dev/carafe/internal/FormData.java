package dev.carafe.internal;

import dev.carafe.Config;
import dev.carafe.Params;
import dev.carafe.UploadedFile;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** PLACEHOLDER form parsing: url-encoded only; the HTTP work adds multipart with files. */
record FormData(Params fields, Map<String, List<UploadedFile>> files) {

    static boolean isForm(RequestImpl request) {
        String ct = request.contentType().orElse("").toLowerCase(Locale.ROOT);
        return ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data");
    }

    static FormData parse(RequestImpl request, Config config, ContextImpl context) {
        String ct = request.contentType().orElse("").toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return new FormData(UrlCodec.parseQuery(new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1),
                    request.charset()), Map.of());
        }
        return new FormData(Params.empty(), Map.of());
    }
}
