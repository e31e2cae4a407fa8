package dev.carafe.benchmarks.servers;

import static dev.carafe.Globals.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.Carafe;
import dev.carafe.Context;
import dev.carafe.Key;
import dev.carafe.testing.TestClient;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The full-context app of the benchmarks: every part by default, and parts left out on request. */
class CarafeServerTest {

    private static TestResponse full(TestClient client) {
        return client.send(TestRequest.get("/full").header("X-User", "ada"));
    }

    @Test
    void theFullContextExercisesEveryPartAndWritesANewSessionCookieEachTime() {
        TestClient client = CarafeServer.fullApp().testClient();
        long closed = CarafeServer.CLOSED.get();
        TestResponse first = full(client);
        TestResponse second = full(client);
        assertThat(second.header("X-Full-Parts")).contains(
                "session,correlation-id,g-resource,user-context,after-this-request");
        assertThat(first.setCookies()).singleElement().asString().startsWith("session=");
        assertThat(second.setCookies()).singleElement().isNotEqualTo(first.setCookies().getFirst());
        assertThat(second.header("X-Request-ID")).isPresent();
        assertThat(second.header("X-After")).contains("1");
        assertThat(second.header("X-User")).contains("ada"); // from the user context
        assertThat(CarafeServer.CLOSED.get() - closed).as("g resources closed at teardown").isEqualTo(2);
    }

    @Test
    void theVisitCounterGrowsByOneARequest() {
        Carafe app = CarafeServer.fullApp();
        TestClient client = app.testClient();
        full(client);
        full(client);
        full(client);
        try (Context ctx = app.testRequestContext(TestRequest.get("/").cookie("session", client.cookies().get("session")))
                .push()) {
            assertThat(session().get(Key.of("visits", Long.class), 0L)).isEqualTo(3L);
        }
    }

    @Test
    void partsLeftOutAreNotExercisedAndNotListed() {
        TestResponse response = full(CarafeServer.fullApp(Set.of("session", "correlation-id", "after-this-request"))
                .testClient());
        assertThat(response.header("X-Full-Parts")).contains("g-resource,user-context");
        assertThat(response.setCookies()).isEmpty();
        assertThat(response.header("X-Request-ID")).isEmpty();
        assertThat(response.header("X-After")).isEmpty();
        assertThat(response.header("X-User")).contains("ada");
    }

    @Test
    void withoutTheGResourceAndTheUserContextNeitherIsUsed() {
        long closed = CarafeServer.CLOSED.get();
        TestResponse response = full(CarafeServer.fullApp(Set.of("g-resource", "user-context")).testClient());
        assertThat(response.header("X-Full-Parts")).contains("session,correlation-id,after-this-request");
        assertThat(response.header("X-User")).contains("-");
        assertThat(CarafeServer.CLOSED.get()).isEqualTo(closed);
    }

    @Test
    void anUnknownPartIsRefusedNamingTheParts() {
        assertThatThrownBy(() -> CarafeServer.fullApp(Set.of("sesion")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown part \"sesion\"")
                .hasMessageContaining("session, correlation-id");
    }
}
