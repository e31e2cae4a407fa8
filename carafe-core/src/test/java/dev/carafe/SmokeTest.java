package dev.carafe;

import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void helloWorldAnswersThroughTheTestClient() {
        Carafe app = Carafe.create("hello");
        app.get("/", () -> "Hello, World!");
        app.get("/search", () -> "Searching for: " + request().args().get("q", ""));
        var client = app.testClient();
        assertThat(client.get("/").text()).isEqualTo("Hello, World!");
        assertThat(client.get("/search?q=java").text()).isEqualTo("Searching for: java");
        assertThat(client.get("/nope").status()).isEqualTo(404);
    }
}
