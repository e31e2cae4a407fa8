package dev.carafe.internal;

import dev.carafe.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A file from a multipart form, kept in memory up to {@link #MEMORY_THRESHOLD} bytes and
 * spooled to a temporary file beyond.
 *
 * <p>The temporary file has a name of Carafe's choosing in {@code java.io.tmpdir} (the
 * client's file name is never used as a path) and is deleted by {@link #close()}, which the
 * request's shared resources call once the request and all copies of its context have ended.
 * Written by one thread while parsing; read-only afterwards.
 */
final class UploadedFileImpl implements UploadedFile, AutoCloseable {
    /** Files up to this size stay in memory. */
    static final int MEMORY_THRESHOLD = 64 * 1024;

    private final String fieldName;
    private final String filename;
    private final String contentType;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;
    private volatile boolean released;

    UploadedFileImpl(String fieldName, String filename, String contentType) {
        this.fieldName = fieldName;
        this.filename = filename;
        this.contentType = contentType;
    }

    /** Appends content while parsing; moves to a temporary file past the threshold. */
    void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (file == null && size + len > MEMORY_THRESHOLD) {
            file = Files.createTempFile("carafe-upload-", ".tmp");
            fileOut = Files.newOutputStream(file);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (file == null) {
            memory.write(b, off, len);
        } else {
            fileOut.write(b, off, len);
        }
        size += len;
    }

    /** Ends writing: closes the temporary file, if any. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        }
    }

    /** Returns whether the content was spooled to a temporary file (for tests). */
    Optional<Path> spooledTo() {
        return Optional.ofNullable(file);
    }

    @Override public String fieldName() { return fieldName; }
    @Override public String contentType() { return contentType; }
    @Override public long size() { return size; }

    @Override
    public Optional<String> filename() {
        return filename == null || filename.isEmpty() ? Optional.empty() : Optional.of(filename);
    }

    @Override
    public InputStream open() throws IOException {
        checkAvailable();
        return file == null ? new ByteArrayInputStream(memory.toByteArray()) : Files.newInputStream(file);
    }

    @Override
    public byte[] bytes() throws IOException {
        checkAvailable();
        return file == null ? memory.toByteArray() : Files.readAllBytes(file);
    }

    @Override
    public void transferTo(Path target) throws IOException {
        checkAvailable();
        if (file == null) {
            Files.write(target, memory.toByteArray());
        } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void checkAvailable() throws IOException {
        if (released) {
            throw new IOException("The uploaded file '" + fieldName + "' was released when its request ended. Read or"
                    + " save it in the handler, or in background work started with a copy of the request's context.");
        }
    }

    /** Releases the content: deletes the temporary file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        memory = null;
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public String toString() {
        return "<UploadedFile " + fieldName + " " + filename().orElse("(no name)") + " " + contentType + " " + size
                + " bytes>";
    }
}
