package io.modulets.runtime;

import static org.awaitility.Awaitility.await;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records the log lines of a category (and its children) during a test, formatted as a person reads them:
 * {@code @RegisterExtension final LogLines logs = new LogLines("io.modulets");}, then {@code logs.warnings()} or
 * {@code logs.awaitLine(Level.WARNING, "Class-Path")}. Lines are recorded from every thread.
 */
public final class LogLines implements BeforeEachCallback, AfterEachCallback {

    /** One recorded line. */
    public record Line(Level level, String category, String message) {
        @Override
        public String toString() {
            return level + " [" + category + "] " + message;
        }
    }

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new Line(record.getLevel(), record.getLoggerName(), format(record)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Records {@code category} and the categories under it. */
    public LogLines(String category) {
        this.logger = Logger.getLogger(category); // held: JUL keeps loggers weakly
        recorder.setLevel(Level.ALL);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        lines.clear();
        logger.addHandler(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(recorder);
    }

    /** Every line recorded so far, oldest first. */
    public List<Line> all() {
        return List.copyOf(lines);
    }

    /** The lines at WARNING or above. */
    public List<Line> warnings() {
        return lines.stream().filter(l -> l.level().intValue() >= Level.WARNING.intValue()).toList();
    }

    /** The lines of exactly {@code level} whose message contains {@code text}. */
    public List<Line> matching(Level level, String text) {
        return lines.stream().filter(l -> l.level().equals(level) && l.message().contains(text)).toList();
    }

    /** Waits until a line of {@code level} contains {@code text}; returns the first such line. */
    public Line awaitLine(Level level, String text) {
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> !matching(level, text).isEmpty());
        return matching(level, text).getFirst();
    }

    private static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        if (message == null || parameters == null || parameters.length == 0) {
            return String.valueOf(message);
        }
        try {
            return message.contains("{0") ? MessageFormat.format(message, parameters) : String.format(message, parameters);
        } catch (RuntimeException e) {
            return message;
        }
    }
}
