package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The one-line format of {@link OneLineFormatter}: its default, its arguments, a stack trace, a bad pattern. */
class OneLineFormatterTest {

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("io.modulets.deploy");
        record.setInstant(ZonedDateTime.of(2026, 12, 2, 19, 40, 1, 123_000_000, ZoneId.systemDefault()).toInstant());
        record.setThrown(thrown);
        return record;
    }

    @Test
    void format_default_oneLineWithMillisLevelPaddedAndCategory() {
        String line = new OneLineFormatter(OneLineFormatter.DEFAULT_FORMAT).format(record(Level.INFO, "deployed app 2", null));
        assertEquals("2026-12-02 19:40:01.123 INFO  [io.modulets.deploy] deployed app 2" + System.lineSeparator(), line);
    }

    @Test
    void format_recordWithThrown_stackTraceOnTheLinesAfterTheMessage() {
        String text = new OneLineFormatter(OneLineFormatter.DEFAULT_FORMAT)
                .format(record(Level.WARNING, "closing failed", new IllegalStateException("stuck")));
        List<String> lines = text.lines().toList();
        assertEquals("2026-12-02 19:40:01.123 WARNING [io.modulets.deploy] closing failed", lines.get(0));
        assertEquals("java.lang.IllegalStateException: stuck", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat io.modulets.runtime.OneLineFormatterTest."), text);
        assertTrue(text.endsWith(")" + System.lineSeparator()), "one line break at the end: " + text);
    }

    @Test
    void format_givenPattern_argumentsAsSimpleFormattersAreNumbered() {
        LogRecord record = record(Level.INFO, "hello {0}", null);
        record.setParameters(new Object[] {"world"});
        record.setSourceClassName("app.Source");
        record.setSourceMethodName("run");
        String line = new OneLineFormatter("%1$tY|%2$s|%3$s|%4$s|%5$s|%6$s").format(record);
        assertEquals("2026|app.Source run|io.modulets.deploy|INFO|hello world|", line);
    }

    @Test
    void constructor_invalidPattern_failsNamingThePropertyAndTheArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OneLineFormatter("%9$s"));
        assertTrue(e.getMessage().startsWith("modulets.log.format '%9$s' is not a String.format pattern over (1 time, 2 source,"
                + " 3 category, 4 level, 5 message, 6 thrown): "), e.getMessage());
    }

    @Test
    void format_instantOfRecord_isTheRecordsTimeNotNow() {
        LogRecord record = record(Level.INFO, "m", null);
        record.setInstant(Instant.EPOCH);
        String line = new OneLineFormatter("%1$tQ").format(record);
        assertEquals("0", line);
    }
}
