package dev.carafe;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A response body: nothing, bytes in memory, or a stream produced while the request's
 * context is still active.
 *
 * <p>A {@link Stream} body owns the request's lifetime: teardown runs once, after
 * {@link StreamWriter#writeTo} returns, throws, or finds the client gone. This is what Flask's
 * {@code stream_with_context} tries to do, without its double teardown.
 */
public sealed interface Body {
    /** The empty body. */
    Body EMPTY = new Empty();

    /** Returns the length in bytes when known up front, or -1 for a stream. */
    long length();

    /** No body. */
    record Empty() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    /** A body held in memory. */
    record Bytes(byte[] bytes) implements Body {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }

    /** A body written by {@code writer} after the headers are sent, inside the request's context. */
    record Stream(StreamWriter writer) implements Body {
        public Stream {
            Objects.requireNonNull(writer, "writer");
        }

        @Override
        public long length() {
            return -1;
        }
    }

    /** Writes a streamed body. */
    @FunctionalInterface
    interface StreamWriter {
        /**
         * Writes the body to {@code out}; {@link Globals#request()} and {@code g} still work here.
         * Flush to send what was written so far.
         *
         * @throws IOException when writing fails; the client is usually gone
         */
        void writeTo(OutputStream out) throws IOException;
    }
}
