package dev.carafe.examples.microservices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Globals;
import dev.carafe.correlation.CorrelatedHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls another service and reads its JSON answer. The client is wrapped once, so every call
 * carries the current request's correlation id with no code at the call site.
 */
final class Downstream {
    private static final HttpClient HTTP = CorrelatedHttpClient.wrap(HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build());

    private Downstream() {}

    /**
     * Returns the JSON body of {@code GET baseUrl + path}.
     *
     * @throws dev.carafe.HttpError 502 when the service cannot be reached or answers with an error
     */
    static JsonNode get(String baseUrl, String path) {
        URI uri = URI.create(baseUrl + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw Globals.abort(502, uri + " answered " + response.statusCode());
            }
            return Globals.currentApp().json().readTree(response.body());
        } catch (IOException e) {
            throw Globals.abort(502, uri + " could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Globals.abort(503, "interrupted while calling " + uri);
        }
    }
}
