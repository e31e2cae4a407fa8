package dev.carafe.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Key;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Change tracking of {@link CookieSession}: a session decoded from a cookie takes its snapshot
 * when a container is first handed out, so every way of reaching one must count.
 */
class CookieSessionTest {
    private static final String JSON = "{\"b\":{\" b\":\"AAE=\"},\"cart\":[\"apple\"],\"n\":1,"
            + "\"t\":{\" t\":[[1],\"x\"]},\"user\":{\"name\":\"Ada\"}}";

    private static CookieSession decoded() throws BadCookie {
        return CookieSession.decoded(SessionJson.loads(JSON.getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void readingValuesAndChangingNothingLeavesADecodedSessionUnmodified() throws BadCookie {
        CookieSession s = decoded();
        assertThat(s.get("n")).contains(1L);
        assertThat(s.get("cart")).contains(List.of("apple"));
        assertThat(s.asMap()).containsKeys("b", "cart", "n", "t", "user");
        assertThat(s.get(Key.of("t", List.class))).isPresent();
        assertThat(s.modified()).isFalse();
        assertThat(s.accessed()).isTrue();
    }

    @Test
    void aChangeInsideAContainerFromGetIsDetected() throws BadCookie {
        CookieSession s = decoded();
        list(s.get("cart").orElseThrow()).add("pear");
        assertThat(s.modified()).isTrue();

        CookieSession other = decoded();
        map(other.get("user").orElseThrow()).put("name", "Grace");
        assertThat(other.modified()).isTrue();
    }

    @Test
    void aChangeInsideAContainerFromATypedGetIsDetected() throws BadCookie {
        CookieSession s = decoded();
        // The tuple's item list is read-only, but the list inside it is the session's own.
        list(s.get(Key.of("t", List.class)).orElseThrow().getFirst()).add(2L);
        assertThat(s.modified()).isTrue();
    }

    @Test
    void aChangeInsideAContainerFromAsMapIsDetected() throws BadCookie {
        CookieSession s = decoded();
        list(s.asMap().get("cart")).clear();
        assertThat(s.modified()).isTrue();
    }

    @Test
    void aChangeInsideAByteArrayIsDetected() throws BadCookie {
        CookieSession s = decoded();
        ((byte[]) s.get("b").orElseThrow())[0] = 9;
        assertThat(s.modified()).isTrue();
    }

    @Test
    void aContainerChangedAndChangedBackIsNotAModification() throws BadCookie {
        CookieSession s = decoded();
        List<Object> cart = list(s.get("cart").orElseThrow());
        cart.add("pear");
        cart.removeLast();
        assertThat(s.modified()).isFalse();
    }

    @Test
    void aContainerReadAfterAPutStaysModified() throws BadCookie {
        CookieSession s = decoded();
        s.put("n", 2);
        list(s.get("cart").orElseThrow()).clear();
        assertThat(s.modified()).isTrue();
        assertThat(SessionJson.dumps(s.asMap())).isEqualTo("{\"b\":{\" b\":\"AAE=\"},\"cart\":[],\"n\":2,"
                + "\"t\":{\" t\":[[1],\"x\"]},\"user\":{\"name\":\"Ada\"}}");
    }

    @Test
    void aLoadedSessionSeesChangesMadeThroughValuesItsCallerStillHolds() {
        // Sessions.of: the store's own objects; the snapshot is taken when loading, before any get.
        List<Object> cart = new ArrayList<>(List.of("apple"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("cart", cart);
        CookieSession s = CookieSession.loaded(values);
        cart.add("pear");
        assertThat(s.modified()).isTrue();
    }
}
