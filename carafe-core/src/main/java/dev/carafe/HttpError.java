package dev.carafe;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP error that becomes a response: Werkzeug's {@code HTTPException}, raised by
 * {@link Globals#abort(int)}, by routing (404, 405) and by request parsing (400, 413).
 *
 * <p>An {@code HttpError} is not an unhandled error: with no handler registered for its status,
 * it is answered with a short HTML page and teardown sees {@link Outcome.Handled}.
 * The description is shown to clients, so it must never contain secrets or stack traces.
 */
public final class HttpError extends CarafeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Headers headers;

    private HttpError(int status, String description, Throwable cause) {
        super(description, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("http error status must be 400..599, was " + status);
        }
        this.status = status;
        this.headers = new Headers();
    }

    /** Returns an error with the standard description for {@code status}. */
    public static HttpError of(int status) {
        return new HttpError(status, Status.description(status), null);
    }

    /** Returns an error with a description shown to the client. */
    public static HttpError of(int status, String description) {
        return new HttpError(status, Objects.requireNonNull(description, "description"), null);
    }

    /** Returns an error with a description and the exception that caused it (not shown to clients). */
    public static HttpError of(int status, String description, Throwable cause) {
        return new HttpError(status, Objects.requireNonNull(description, "description"), cause);
    }

    /** Returns the status code, 400 to 599. */
    public int status() {
        return status;
    }

    /** Returns the reason phrase, e.g. {@code "Not Found"}. */
    public String name() {
        return Status.reason(status);
    }

    /** Returns the text shown to the client. */
    public String description() {
        return getMessage();
    }

    /** Returns headers to send with the error response, such as {@code Allow} for a 405. */
    public Headers headers() {
        return headers;
    }

    /** Adds a header to the error response and returns this error. */
    public HttpError withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Builds the default response: Werkzeug's short HTML page. */
    public Response toResponse() {
        String html = "<!doctype html>\n<html lang=en>\n<title>" + status + " " + Status.escape(name())
                + "</title>\n<h1>" + Status.escape(name()) + "</h1>\n<p>" + Status.escape(description()) + "</p>\n";
        Response response = Response.html(html).status(status);
        for (Map.Entry<String, String> h : headers) {
            response.headers().add(h.getKey(), h.getValue());
        }
        return response;
    }

    @Override
    public String toString() {
        return status + " " + name() + ": " + description();
    }
}
