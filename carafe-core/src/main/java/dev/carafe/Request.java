package dev.carafe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP request being handled: Flask's {@code request}, reached with {@link Globals#request()}.
 *
 * <p>Parsing is lazy and happens once: the body is read on the first call to {@link #body()},
 * {@link #form()}, {@link #files()} or {@link #json()}. Malformed input (bad percent-encoding,
 * JSON or multipart) and bodies over {@code MAX_CONTENT_LENGTH} raise an {@link HttpError}
 * (400 or 413), which becomes a response with a message, never a 500.
 *
 * <p>A copy of the context made for background work shares this object. Reading a body that
 * nobody read before the response was sent fails there: read it in the request first.
 */
public interface Request {

    /** Returns the method, upper case, e.g. {@code GET}. */
    String method();

    /** Returns the path below the application root, decoded, e.g. {@code /search}. */
    String path();

    /** Returns the path and the raw query, e.g. {@code /search?q=a%20b}; {@code ?} is kept when the query is empty. */
    String fullPath();

    /** Returns the raw query string without {@code ?}, possibly empty. */
    String queryString();

    /** Returns the full URL, e.g. {@code http://localhost:5000/search?q=x}. */
    String url();

    /** Returns the URL without the query string. */
    String baseUrl();

    /** Returns the scheme and host with the application root, e.g. {@code http://localhost:5000/}. */
    String rootUrl();

    /** Returns the host, with the port when not the scheme's default, e.g. {@code localhost:5000}. */
    String host();

    /** Returns {@code http} or {@code https} (as seen by the client when proxies are trusted). */
    String scheme();

    /** Returns whether the scheme is {@code https}. */
    default boolean isSecure() {
        return "https".equals(scheme());
    }

    /** Returns the client address (the first untrusted one when proxies are trusted). */
    String remoteAddr();

    /** Returns the query arguments. */
    Params args();

    /** Returns the headers (read-only). */
    Headers headers();

    /** Returns the cookies the client sent. */
    Map<String, String> cookies();

    /** Returns the {@code Content-Type} header, if sent. */
    Optional<String> contentType();

    /** Returns the declared body length, if sent. */
    java.util.OptionalLong contentLength();

    /** Returns the url-encoded or multipart form fields; empty for other content types. */
    Params form();

    /** Returns the uploaded files of a multipart form, by field name. */
    Map<String, List<UploadedFile>> files();

    /** Returns the first file uploaded under {@code field}, if any. */
    default Optional<UploadedFile> file(String field) {
        List<UploadedFile> list = files().get(field);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** Returns the query arguments and form fields together, query first (Flask's {@code values}). */
    Params values();

    /** Returns the raw body, read at most once from the client and kept. */
    byte[] body();

    /** Returns the body decoded as text with the request's charset (UTF-8 by default). */
    String text();

    /** Returns whether the content type is JSON ({@code application/json} or {@code +json}). */
    boolean isJson();

    /**
     * Returns the body parsed as JSON.
     *
     * @throws HttpError 415 when the content type is not JSON, 400 when the JSON is malformed
     */
    JsonNode json();

    /**
     * Returns the body parsed as JSON into {@code type} (a record, say).
     *
     * @throws HttpError 415 when the content type is not JSON, 400 when it does not parse or map
     */
    <T> T json(Class<T> type);

    /** Returns the matched route, if routing succeeded. */
    Optional<Route> route();

    /** Returns the matched endpoint name, if routing succeeded (Flask's {@code request.endpoint}). */
    default Optional<String> endpoint() {
        return route().map(Route::endpoint);
    }

    /** Returns the names of the route groups that own the endpoint, innermost first (Flask's {@code request.blueprints}). */
    List<String> groups();

    /** Returns the converted path parameters (Flask's {@code view_args}). */
    Map<String, Object> pathParams();

    /**
     * Returns the path parameter {@code name} as text.
     *
     * @throws IllegalArgumentException when the route has no such parameter
     */
    String pathParam(String name);

    /**
     * Returns the path parameter {@code name} as {@code type} ({@code Integer} for {@code <int:id>}).
     *
     * @throws IllegalArgumentException when absent, or of another type
     */
    <T> T pathParam(String name, Class<T> type);
}
