package io.modulets.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times for a person: the runtime's ISO-8601 instants in the local time zone, short. A time of today is
 * {@code 14:03:27}, another day's {@code 2026-11-24 14:03}. Thread-safe.
 */
final class Times {

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;

    Times(Clock clock) {
        this.clock = clock;
    }

    /** The system's clock and time zone. */
    static Times local() {
        return new Times(Clock.systemDefaultZone());
    }

    /** {@code iso} (an instant as the runtime writes it) short and local; empty for empty; as it is if unparseable. */
    String format(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        ZonedDateTime time;
        try {
            time = Instant.parse(iso).atZone(clock.getZone());
        } catch (DateTimeParseException e) {
            return iso;
        }
        return time.toLocalDate().equals(LocalDate.now(clock)) ? TODAY.format(time) : OTHER_DAY.format(time);
    }

    /** A duration for a person: {@code 45s}, {@code 3m12s}, {@code 2h05m}. */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02ds", s % 60);
        }
        return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
    }
}
