package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.FilterReply;
import java.lang.reflect.Proxy;
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
 * <p>The tests run inside the carafe-core module, which does not read Logback's modules; the
 * static initializer adds the reads before any Logback class is used. For the same reason the
 * appender is a proxy of Logback's {@code Appender} interface rather than a subclass of
 * {@code AppenderBase}: a superclass must be readable when this class is loaded, before any
 * initializer runs (and test runners load every class they scan). Logback's own
 * {@code ListAppender} would not do: an event's MDC is read lazily, on the reading thread.
 */
final class CapturedErrors implements AutoCloseable {
    static {
        for (String logback : List.of("ch.qos.logback.classic", "ch.qos.logback.core")) {
            ModuleLayer.boot().findModule(logback).ifPresent(CapturedErrors.class.getModule()::addReads);
        }
    }

    private final Logger logger;
    private final Appender<ILoggingEvent> appender;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Semaphore logged = new Semaphore(0);

    @SuppressWarnings("unchecked")
    CapturedErrors(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender = (Appender<ILoggingEvent>) Proxy.newProxyInstance(CapturedErrors.class.getClassLoader(),
                new Class<?>[] {Appender.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "doAppend" -> {
                        append((ILoggingEvent) args[0]);
                        yield null;
                    }
                    case "getName" -> "captured-errors";
                    case "isStarted" -> true;
                    case "getFilterChainDecision" -> FilterReply.NEUTRAL;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "<captured errors of " + loggerName + ">";
                    default -> null;   // naming, context, filters, start and stop: nothing to keep
                });
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    private void append(ILoggingEvent event) {
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
        logger.detachAppender(appender);
    }
}
