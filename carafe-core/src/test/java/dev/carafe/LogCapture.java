package dev.carafe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what one logger (an app's, named after it) writes, with Logback's list appender. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        additive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        // keep expected errors out of the build output
        logger.setAdditive(false);
    }

    /** Starts capturing the logger named {@code name}. */
    static LogCapture of(String name) {
        readLogback();
        return new LogCapture(name);
    }

    /**
     * Lets this test module read Logback's modules. Surefire puts Logback on the module path,
     * where carafe-core (whose main code needs only the SLF4J API) does not read it.
     */
    private static void readLogback() {
        Module self = LogCapture.class.getModule();
        for (String type : new String[] {"ch.qos.logback.classic.Logger", "ch.qos.logback.core.read.ListAppender"}) {
            try {
                self.addReads(Class.forName(type).getModule());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Logback is not on the test class path", e);
            }
        }
    }

    /** Returns the captured events, oldest first. */
    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Returns the captured events at {@code level}, as "message" strings with their arguments filled in. */
    List<String> messages(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(additive);
    }
}
