package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.carafe.testsupport.LogCapture;
import org.junit.jupiter.api.Test;

/** Each app has an SLF4J logger named after it, Flask's {@code app.logger}; Carafe logs there too. */
class LoggingTest {

    @Test
    void theAppLoggerIsAnSlf4jLoggerNamedAfterTheApp() {
        Carafe app = Carafe.create("shop");
        assertThat(app.logger()).isInstanceOf(org.slf4j.Logger.class);
        assertThat(app.logger().getName()).isEqualTo("shop");
        try (LogCapture logs = LogCapture.of("shop")) {
            app.logger().warn("low stock: {}", "tea");
            assertThat(logs.messages(Level.WARN)).containsExactly("low stock: tea");
        }
    }

    @Test
    void handlersReachTheAppLoggerThroughTheCurrentApp() {
        Carafe app = Carafe.create("shop");
        app.get("/", () -> {
            Globals.currentApp().logger().warn("handling {}", Globals.request().path());
            return "ok";
        });
        try (LogCapture logs = LogCapture.of("shop")) {
            app.testClient().get("/");
            assertThat(logs.messages(Level.WARN)).containsExactly("handling /");
        }
    }

    @Test
    void anUnhandledErrorIsLoggedOnTheAppLoggerWithItsException() {
        Carafe app = Carafe.create("shop");
        IllegalStateException boom = new IllegalStateException("boom");
        app.post("/buy", () -> {
            throw boom;
        });
        try (LogCapture logs = LogCapture.of("shop")) {
            app.testClient().post("/buy");
            ILoggingEvent event = logs.events().getFirst();
            assertThat(event.getLevel()).isEqualTo(Level.ERROR);
            assertThat(event.getLoggerName()).isEqualTo("shop");
            assertThat(event.getFormattedMessage()).isEqualTo("Exception on /buy [POST]");
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        }
    }

    @Test
    void twoAppsLogToTwoLoggers() {
        Carafe one = Carafe.create("one");
        Carafe two = Carafe.create("two");
        assertThat(one.logger()).isNotSameAs(two.logger());
        assertThat(two.logger().getName()).isEqualTo("two");
    }
}
