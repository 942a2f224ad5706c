package io.modulets.runtime.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule 10: when the reaper asks for GCs, as a table. */
class WatchScheduleTest {

    @ParameterizedTest(name = "deadline {0} ms: at most one GC per {1} ms while awaiting a verdict")
    @CsvSource({
            "100, 25",        // a short deadline: four GCs within it
            "4000, 1000",     // four per deadline, at most one per second
            "30000, 1000",    // the default deadline: one per second
            "600000, 1000",
    })
    void verdictInterval_fourPerDeadlineAtMostOnePerSecond(long deadlineMillis, long intervalMillis) {
        assertEquals(Duration.ofMillis(intervalMillis).toNanos(),
                WatchSchedule.verdictIntervalNanos(Duration.ofMillis(deadlineMillis).toNanos()));
    }

    @ParameterizedTest(name = "after GC {0} since the suspicion, the next in {1} s")
    @CsvSource({
            "0, 1",      // the first, 1 s after the suspicion
            "1, 2",
            "2, 4",
            "3, 8",
            "9, 512",
            "10, 600",   // capped at 10 min: a true leak costs at most one GC per ten minutes
            "11, 600",
            "40, 600",   // never overflows into a negative or tiny interval
            "2147483647, 600",
    })
    void suspectInterval_doublesFromOneSecondUpToTenMinutes(int gcsSinceSuspicion, long seconds) {
        assertEquals(Duration.ofSeconds(seconds).toNanos(), WatchSchedule.suspectIntervalNanos(gcsSinceSuspicion));
    }
}
