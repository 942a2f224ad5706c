package io.modulets.supervisor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the supervisor's log lines (JBoss Logging over java.util.logging in these tests) in memory instead
 * of on the console, so tests that fail on purpose stay quiet and tests can check what was logged.
 * Registered for every test class through JUnit's extension auto-detection.
 */
public final class CapturedLogs implements BeforeAllCallback {

    private static final Logger CATEGORY = Logger.getLogger("io.modulets.supervisor");
    private static final Formatter FORMATTER = new SimpleFormatter();
    private static final List<LogRecord> RECORDS = new CopyOnWriteArrayList<>();
    private static final Handler HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            RECORDS.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        CATEGORY.setUseParentHandlers(false);
        CATEGORY.setLevel(Level.ALL);
        CATEGORY.addHandler(HANDLER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // the static initializer did the work
    }

    /** @return the formatted messages of all records so far that contain {@code text}, at {@code level} */
    static List<String> messages(Level level, String text) {
        return RECORDS.stream()
                .filter(r -> r.getLevel().equals(level))
                .map(r -> FORMATTER.formatMessage(r))
                .filter(m -> m.contains(text))
                .toList();
    }

}
