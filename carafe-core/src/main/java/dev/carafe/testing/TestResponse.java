package dev.carafe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Headers;
import dev.carafe.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A response received by the {@link TestClient}, fully read.
 *
 * @param status  the status code
 * @param headers the headers
 * @param bytes   the body
 */
public record TestResponse(int status, Headers headers, byte[] bytes) {

    /** Returns the body as UTF-8 text. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Returns the body parsed as JSON. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("the response body is not JSON: " + text(), e);
        }
    }

    /** Returns the body parsed as JSON into {@code type}. */
    public <T> T json(Class<T> type) {
        try {
            return Json.mapper().readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("the response body is not a JSON " + type.getSimpleName() + ": " + text(), e);
        }
    }

    /** Returns the first value of header {@code name}, if any. */
    public Optional<String> header(String name) {
        return headers.get(name);
    }

    /** Returns every {@code Set-Cookie} header value. */
    public List<String> setCookies() {
        return headers.all("Set-Cookie");
    }

    @Override
    public String toString() {
        return "<TestResponse " + status + " " + headers.get("Content-Type", "") + ">";
    }
}
