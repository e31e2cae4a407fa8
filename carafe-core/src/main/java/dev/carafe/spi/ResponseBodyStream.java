package dev.carafe.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * A response body stream for server adapters that remembers the first failure and never
 * completes a failed response.
 *
 * <p>An adapter wraps its server's body stream in one from {@link ServerExchange#respond}, calls
 * {@link #abort} from {@link ServerExchange#abort}, and, once the core is done, asks
 * {@link #failure()} whether to finish the response or cut the connection. After a write,
 * flush or close has thrown an {@link IOException}, or after {@link #abort}, every write and
 * flush throws, and {@link #close()} does nothing: closing the server's stream would complete
 * the response (send the last chunk), and the client would take a cut-short body for a whole one.
 *
 * <p>Not thread-safe: used by the one thread that handles the exchange. It is not a
 * {@code FilterOutputStream}, which would write arrays one byte at a time.
 */
public final class ResponseBodyStream extends OutputStream {
    private final OutputStream out;
    private IOException failure;
    private Throwable aborted;

    /** Returns a stream that writes to {@code out}, the server's stream for this response's body. */
    public ResponseBodyStream(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Marks the response as failed because of {@code cause}: later writes and flushes throw, and
     * {@link #close()} no longer completes it. Only the first cause is kept.
     */
    public void abort(Throwable cause) {
        if (aborted == null) {
            aborted = Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * Returns why the response cannot be completed: the cause given to {@link #abort}, else the
     * first {@link IOException} of the server's stream; empty when nothing failed.
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(aborted != null ? aborted : failure);
    }

    @Override
    public void write(int b) throws IOException {
        check();
        try {
            out.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void flush() throws IOException {
        check();
        try {
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (aborted != null || failure != null) {
            return; // a failed response must not be completed as if the body were whole
        }
        try {
            out.close();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (aborted != null) {
            throw new IOException("the response was aborted", aborted);
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
