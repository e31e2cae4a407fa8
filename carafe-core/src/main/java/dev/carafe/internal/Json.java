package dev.carafe.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.carafe.CarafeException;

/** JSON through Jackson: each app has its mapper; outside a context a shared default is used. */
public final class Json {
    private static final ObjectMapper DEFAULT = newMapper();

    private Json() {}

    static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /** Returns the current app's mapper, or the default one outside a context. */
    public static ObjectMapper mapper() {
        ContextImpl ctx = ContextHolder.current();
        return ctx == null ? DEFAULT : ctx.appImpl().json();
    }

    /** Serializes {@code value} to UTF-8 JSON with the current mapper. */
    public static byte[] write(Object value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new CarafeException("Cannot write a " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
