package dev.carafe.internal.session;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records one logger's events with Logback's list appender, at a level given by name
 * ({@code "DEBUG"}); restores the logger on close. Only this class touches Logback's types.
 */
final class LogRecorder implements AutoCloseable {
    static {
        // Surefire puts Logback on the module path, where the patched core module does not read it.
        Module self = LogRecorder.class.getModule();
        Module classic = LoggerFactory.getILoggerFactory().getClass().getModule();
        self.addReads(classic);
        if (classic.getLayer() != null) {
            classic.getLayer().findModule("ch.qos.logback.core").ifPresent(self::addReads);
        }
    }

    private final Logger logger;
    private final Level oldLevel;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogRecorder(String name, String level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        oldLevel = logger.getLevel();
        additive = logger.isAdditive();
        logger.setLevel(Level.toLevel(level));
        logger.setAdditive(false); // keep expected messages out of the build output
        appender.start();
        logger.addAppender(appender);
    }

    /** Returns the formatted messages logged at {@code level} ({@code "WARN"}). */
    List<String> messages(String level) {
        return appender.list.stream().filter(e -> e.getLevel().toString().equals(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(oldLevel);
        logger.setAdditive(additive);
    }
}
