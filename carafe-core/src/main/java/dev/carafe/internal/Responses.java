package dev.carafe.internal;

import dev.carafe.CarafeException;
import dev.carafe.HttpError;
import dev.carafe.Response;

/** Turns a handler's return value into a {@link Response} (Flask's {@code make_response}). */
final class Responses {
    private Responses() {}

    static Response make(Object rv, ContextImpl ctx) {
        return switch (rv) {
            case null -> throw new CarafeException("A handler or hook returned null, which is not a valid response.");
            case Response r -> r;
            case CharSequence text -> Response.html(text.toString());
            case byte[] bytes -> Response.bytes(bytes, "application/octet-stream");
            case HttpError e -> e.toResponse();
            default -> Response.json(rv);
        };
    }
}
