package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Captures the ERROR events of one logger (an app's), with the MDC of the thread that logged,
 * and keeps them out of the build output. Background work logs on its own thread, so readers
 * wait for the number of events they expect.
 *
 * <p>Loading it needs the test module to read Logback's core module, which {@code
 * BackgroundTest}'s static initializer arranges; so it is not a nested class of a test (JUnit
 * loads those while discovering tests) and its name matches no test pattern.
 */
final class CapturedErrors extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Semaphore logged = new Semaphore(0);

    CapturedErrors(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        start();
        logger.addAppender(this);
        logger.setAdditive(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel() == Level.ERROR) {
            event.prepareForDeferredProcessing();   // takes the MDC now, on the logging thread
            events.add(event);
            logged.release();
        }
    }

    /** Waits until {@code count} more events were logged, then returns all of them. */
    List<ILoggingEvent> await(int count) throws InterruptedException {
        assertThat(logged.tryAcquire(count, 10, TimeUnit.SECONDS)).as(count + " more error(s) logged").isTrue();
        return List.copyOf(events);
    }

    /** Returns the events logged so far. */
    List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /**
     * Stops capturing. The logger stays non-additive: Logback checks additivity after this
     * appender took the event, so restoring it here could let the event reach the console
     * after the reader was satisfied. Each test uses its own app name, so its own logger.
     */
    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
