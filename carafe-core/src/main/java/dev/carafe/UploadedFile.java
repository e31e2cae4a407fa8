package dev.carafe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file sent in a multipart form: Werkzeug's {@code FileStorage}.
 *
 * <p>Small files are kept in memory, larger ones in a temporary file. Either is released once,
 * when the request and every copy of its context made for background work have ended.
 */
public interface UploadedFile {
    /** Returns the form field name. */
    String fieldName();

    /** Returns the file name the client sent, if any. Never trust it as a path. */
    Optional<String> filename();

    /** Returns the part's content type, {@code application/octet-stream} when not sent. */
    String contentType();

    /** Returns the size in bytes. */
    long size();

    /** Opens the content for reading. */
    InputStream open() throws IOException;

    /** Returns the whole content. */
    byte[] bytes() throws IOException;

    /** Copies the content to {@code target}, replacing it. */
    void transferTo(Path target) throws IOException;
}
