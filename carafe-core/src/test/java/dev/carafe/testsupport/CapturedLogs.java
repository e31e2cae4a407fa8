package dev.carafe.testsupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * A Logback appender attached to the root logger for one test: keeps every line with what the
 * MDC held when it was written (read on the logging thread, at once).
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    /** One captured log line, with a copy of the MDC. */
    public record Line(String logger, String thread, String message, Map<String, String> mdc) {
        public Line {
            mdc = Collections.unmodifiableMap(new LinkedHashMap<>(mdc)); // the MDC may hold null values
        }

        /** Returns what the MDC held under {@code key} when the line was written. */
        public Optional<String> mdc(String key) {
            return Optional.ofNullable(mdc.get(key));
        }

        @Override
        public String toString() {
            return "[" + thread + "] " + mdc + " " + logger + " - " + message;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger root;

    private CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        setContext(context);
        setName("captured-" + System.identityHashCode(this));
    }

    /** Starts capturing every line logged from now on. */
    public static CapturedLogs capture() {
        CapturedLogs logs = new CapturedLogs();
        logs.start();
        logs.root.addAppender(logs);
        return logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new Line(event.getLoggerName(), event.getThreadName(), event.getFormattedMessage(),
                event.getMDCPropertyMap()));
    }

    /** Returns every line captured so far. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Returns the lines whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    /** Returns the lines whose message contains {@code text}, failing unless there is exactly one. */
    public Line single(String text) {
        List<Line> found = containing(text);
        if (found.size() != 1) {
            throw new AssertionError("expected one line containing '" + text + "', found " + found + " in " + lines);
        }
        return found.getFirst();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
