package dev.carafe.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger (and its children) logs while open, with Logback's list appender.
 *
 * <p>What it records is kept out of the build output (the logger is not additive while open).
 * {@link #close()} puts the logger back as it was.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    static {
        readLogback();
    }

    private LogCapture(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previousLevel = logger.getLevel();
        additive = logger.isAdditive();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    /** Starts recording {@code name} at the level the test's Logback configuration gives it. */
    public static LogCapture of(String name) {
        return new LogCapture(name, null);
    }

    /**
     * Starts recording {@code name} at {@code level} and above, e.g. INFO for startup lines the
     * test configuration leaves out; {@code Logger.ROOT_LOGGER_NAME} records everything.
     */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(name, level);
    }

    /**
     * Lets the module these classes run in read Logback's modules. In carafe-core's own tests
     * Surefire puts Logback on the module path, where carafe-core (whose main code needs only the
     * SLF4J API) does not read it; elsewhere this changes nothing.
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

    /** Returns the recorded events, oldest first. */
    public List<ILoggingEvent> events() {
        // A server thread may be appending while the test reads; the appender adds under its own
        // lock (AppenderBase.doAppend is synchronized), so the list is copied under it too.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * Waits up to 30 s until at least {@code count} messages were recorded, and returns them all.
     * For lines written on another thread after the test could see what caused them, such as
     * Jetty's access log line, written once the exchange completes, after the client has the response.
     */
    public List<String> awaitMessages(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> messages = messages();
        while (messages.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            messages = messages();
        }
        if (messages.size() < count) {
            throw new AssertionError("expected " + count + " log line(s) within 30 s, got " + messages);
        }
        return messages;
    }

    /** Returns the recorded messages, with their arguments filled in. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Returns the recorded messages at exactly {@code level}, with their arguments filled in. */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(additive);
        appender.stop();
    }
}
