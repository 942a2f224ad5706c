package io.modulets.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.IllegalFormatException;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} formatter that writes each record as one line naming its time, level and logger
 * category, such as {@code 2026-12-02 19:40:01.123 INFO  [io.modulets.deploy] deployed app 2 from app-2.jar as ns-3{...}}.
 * A thrown exception's stack trace follows on the lines after it.
 *
 * <p>The runtime installs it on the {@code io.modulets} logger of a plain-Java host that did not configure logging
 * (see README, "Logs"); a host's {@code logging.properties} can name it too
 * ({@code java.util.logging.ConsoleHandler.formatter=io.modulets.runtime.OneLineFormatter}).
 *
 * <p>The format is a {@link String#format} pattern, taken from the system property {@value #FORMAT_PROPERTY} if it
 * is set, else {@link #DEFAULT_FORMAT}. Its arguments are those of {@link java.util.logging.SimpleFormatter}'s:
 * <ol>
 *   <li>the time, a {@link ZonedDateTime} in the JVM's time zone ({@code %1$tF %1$tT.%1$tL});</li>
 *   <li>the source: the calling class and method if known, else the logger's name (found only if the pattern uses it);</li>
 *   <li>the logger's name, the category ({@code io.modulets.deploy});</li>
 *   <li>the level's name ({@code INFO}, {@code WARN}, {@code DEBUG} as JBoss Logging names them);</li>
 *   <li>the message, formatted;</li>
 *   <li>a thrown exception: a line break and its stack trace, or the empty string.</li>
 * </ol>
 * Thread-safe.
 */
public final class OneLineFormatter extends Formatter {

    /** The system property that gives the format, a {@link String#format} pattern over the arguments listed above. */
    public static final String FORMAT_PROPERTY = "modulets.log.format";

    /** The format used when {@value #FORMAT_PROPERTY} is not set: time to the millisecond, level, [category], message. */
    public static final String DEFAULT_FORMAT = "%1$tF %1$tT.%1$tL %4$-5s [%3$s] %5$s%6$s%n";

    private final String format;

    /**
     * A formatter with the format of {@value #FORMAT_PROPERTY}, or the default one if it is not set.
     *
     * @throws IllegalArgumentException if the property is not a valid pattern, saying what is wrong with it
     */
    public OneLineFormatter() {
        this(System.getProperty(FORMAT_PROPERTY, DEFAULT_FORMAT));
    }

    /**
     * A formatter with {@code format}.
     *
     * @throws IllegalArgumentException if it is not a valid {@link String#format} pattern over the six arguments
     */
    public OneLineFormatter(String format) {
        this.format = checked(format);
    }

    private static String checked(String format) {
        if (format == null || format.isEmpty()) {
            throw new IllegalArgumentException(FORMAT_PROPERTY + " is empty: give a String.format pattern such as "
                    + DEFAULT_FORMAT.strip());
        }
        try {
            String.format(format, ZonedDateTime.now(), "source", "io.modulets", "INFO", "message", "");
            return format;
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException(FORMAT_PROPERTY + " '" + format + "' is not a String.format pattern over"
                    + " (1 time, 2 source, 3 category, 4 level, 5 message, 6 thrown): " + e.getMessage(), e);
        }
    }

    /** The format this formatter writes. */
    public String format() {
        return format;
    }

    @Override
    public String format(LogRecord record) {
        ZonedDateTime time = ZonedDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault());
        return String.format(format, time, new Source(record), record.getLoggerName(), record.getLevel().getName(),
                formatMessage(record), thrown(record.getThrown()));
    }

    private static String thrown(Throwable thrown) {
        if (thrown == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println();
            thrown.printStackTrace(out);
        }
        return trace.toString().stripTrailing(); // the pattern ends the line
    }

    /** The record's source, worked out only if the pattern prints it (it may walk the stack). */
    private record Source(LogRecord record) {
        @Override
        public String toString() {
            String type = record.getSourceClassName();
            if (type == null) {
                return record.getLoggerName();
            }
            String method = record.getSourceMethodName();
            return method == null ? type : type + " " + method;
        }
    }
}
