package dev.carafe;

import static dev.carafe.Globals.context;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Where extensions keep state: a typed registry per app, and per-context attributes apart from {@code g}. */
class ExtensionsTest {

    /** A tiny extension: counts requests per app and remembers per request when it started. */
    static final class RequestCounter {
        static final Key<AtomicInteger> COUNT = Key.of("request-counter", AtomicInteger.class);
        static final Key<Long> STARTED = Key.of("request-counter.started", Long.class);

        static void install(Carafe app) {
            app.extensions().computeIfAbsent(COUNT, AtomicInteger::new);
            app.beforeRequest(() -> {
                currentApp().extensions().get(COUNT).orElseThrow().incrementAndGet();
                context().attributes().put(STARTED, System.nanoTime());
            });
        }

        static int count(Carafe app) {
            return app.extensions().get(COUNT).map(AtomicInteger::get).orElse(0);
        }
    }

    @Test
    void anExtensionKeepsPerAppStateInTheAppsRegistry() {
        Carafe one = Carafe.create("one");
        Carafe two = Carafe.create("two");
        RequestCounter.install(one);
        RequestCounter.install(two);
        one.get("/", () -> "ok");
        two.get("/", () -> "ok");
        one.testClient().get("/");
        one.testClient().get("/");
        two.testClient().get("/");
        assertThat(RequestCounter.count(one)).isEqualTo(2);
        assertThat(RequestCounter.count(two)).isEqualTo(1);
    }

    @Test
    void perContextAttributesAreApartFromGAndFromOtherContexts() {
        Carafe app = Carafe.create("attrs");
        RequestCounter.install(app);
        app.get("/", () -> {
            assertThat(context().attributes().get(RequestCounter.STARTED)).isPresent();
            assertThat(g().keys()).as("the extension's state is not in the user's g").isEmpty();
            return "ok";
        });
        app.testClient().get("/");
        Context a = app.appContext();
        Context b = app.appContext();
        a.attributes().put(RequestCounter.STARTED, 1L);
        assertThat(b.attributes().get(RequestCounter.STARTED)).isEmpty();
        assertThat(a.g().contains(RequestCounter.STARTED)).isFalse();
    }

    @Test
    void theRegistryIsTyped() {
        Carafe app = Carafe.create("typed");
        Key<String> name = Key.of("name", String.class);
        assertThat(app.extensions().put(name, "first")).isEmpty();
        assertThat(app.extensions().put(name, "second")).contains("first");
        assertThat(app.extensions().computeIfAbsent(name, () -> "ignored")).isEqualTo("second");
        assertThat(app.extensions().remove(name)).contains("second");
        assertThat(app.extensions().get(name)).isEmpty();
    }
}
