package dev.carafe.spi;

import dev.carafe.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One HTTP exchange as a server adapter presents it to the core: the raw request, and a way to
 * send the response. Implemented by {@code carafe-jetty}, {@code carafe-servlet} and the test client.
 *
 * <p>The core calls {@link #respond} at most once, then writes the body to the returned stream
 * and closes it. An {@link IOException} from the stream means the client went away.
 */
public interface ServerExchange {

    /** Returns the method as sent, e.g. {@code GET}. */
    String method();

    /** Returns the path as sent, still percent-encoded, without the query, e.g. {@code /a%20b}. */
    String rawPath();

    /** Returns the query as sent, without {@code ?}; empty when there is none. */
    String rawQuery();

    /** Returns the scheme of the connection, {@code http} or {@code https}. */
    String scheme();

    /** Returns the {@code Host} the client asked for, e.g. {@code localhost:5000}. */
    String host();

    /**
     * Returns the request headers: a new object for each exchange, which the core makes
     * read-only and keeps as the request's headers (so it is not copied again).
     */
    Headers headers();

    /** Returns the request body; read by the core at most once. */
    InputStream body();

    /** Returns the address of the peer, e.g. {@code 127.0.0.1}. */
    String remoteAddress();

    /**
     * Sends the status and headers, and returns the stream for the body.
     *
     * @param contentLength the body length, or -1 when unknown (the adapter then streams it)
     * @throws IOException when the client is gone
     */
    OutputStream respond(int status, Headers headers, long contentLength) throws IOException;

    /**
     * Ends the exchange as failed after {@link #respond}: a streamed body could not be finished,
     * because its writer threw or the client went away. The adapter must let the client see an
     * incomplete response (close the connection, never send the last chunk), and closing the body
     * stream afterwards must not complete it: {@link ResponseBodyStream} keeps that rule and
     * remembers the cause. The default does nothing: for in-memory exchanges.
     */
    default void abort(Throwable cause) {}
}
