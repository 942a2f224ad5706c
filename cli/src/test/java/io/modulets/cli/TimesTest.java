package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Times and durations for a person, and durations as a person writes them. */
class TimesTest {

    private final Times times = new Times(Clock.fixed(Instant.parse("2026-12-02T18:30:00Z"), ZoneId.of("Europe/Paris")));

    @Test
    void format_instantOfToday_localTimeOnly() {
        assertEquals("19:03:27", times.format("2026-12-02T18:03:27.123456Z"));
    }

    @Test
    void format_instantOfAnotherDay_localDateAndMinutes() {
        assertEquals("2026-11-24 15:03", times.format("2026-11-24T14:03:27Z"));
    }

    @Test
    void format_emptyOrNotAnInstant_emptyOrAsItIs() {
        assertEquals("", times.format(""));
        assertEquals("", times.format(null));
        assertEquals("yesterday", times.format("yesterday"));
    }

    @Test
    void duration_secondsMinutesHours_short() {
        assertEquals("45s", Times.duration(Duration.ofSeconds(45)));
        assertEquals("3m12s", Times.duration(Duration.ofSeconds(192)));
        assertEquals("2h05m", Times.duration(Duration.ofMinutes(125)));
    }

    @Test
    void durationConverter_shortFormsAndIso_parsed_elseOneLineSayingHowToWriteOne() {
        DurationConverter converter = new DurationConverter();
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofMinutes(5), converter.convert("5m"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofMinutes(5), converter.convert("PT5M"));
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert("soon"));
        assertEquals("'soon' is not a duration: write 500ms, 30s, 5m or 2h", e.getMessage());
    }
}
