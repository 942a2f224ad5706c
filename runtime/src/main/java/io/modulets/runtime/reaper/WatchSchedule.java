package io.modulets.runtime.reaper;

import java.time.Duration;

/**
 * When the reaper asks the JVM for a GC on behalf of loaders it watches (rule 10): a pure function of the
 * watch's state and the clock, so it is tested as a table.
 *
 * <p>While loaders wait for their first verdict, at most one GC per second and four per leak deadline: an idle
 * JVM may not collect for a long time, and every loader would look like a leak. After a loader was suspected,
 * the reaper never stops watching it, but asks ever less often: 1 s after the suspicion, then 2 s later, 4 s,
 * and so on up to one every {@link #MAX_SUSPECT_INTERVAL}. A suspect whose holder lets go (a thread that ends by
 * itself, a cache that is cleared) is then reported collected within about the interval it had reached, and a
 * true leak costs at most one GC per ten minutes.
 */
final class WatchSchedule {

    /** The widest interval between two GCs asked for on behalf of leak suspects. */
    static final Duration MAX_SUSPECT_INTERVAL = Duration.ofMinutes(10);
    private static final Duration FIRST_SUSPECT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_VERDICT_INTERVAL = Duration.ofSeconds(1);

    private WatchSchedule() {
    }

    /** The least time between two GCs while loaders wait for their first verdict. */
    static long verdictIntervalNanos(long deadlineNanos) {
        return Math.min(deadlineNanos / 4, MAX_VERDICT_INTERVAL.toNanos());
    }

    /**
     * How long after the {@code gcsSinceSuspicion}-th GC asked for on behalf of a suspect the next one is due
     * (0: the first after the suspicion is due 1 s after it).
     */
    static long suspectIntervalNanos(int gcsSinceSuspicion) {
        int doublings = Math.min(gcsSinceSuspicion, 30);
        long interval = FIRST_SUSPECT_INTERVAL.toNanos() << doublings;
        return Math.min(interval, MAX_SUSPECT_INTERVAL.toNanos());
    }
}
