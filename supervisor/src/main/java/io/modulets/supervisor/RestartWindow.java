package io.modulets.supervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * Restart intensity as in OTP's {@code supervisor:add_restart/3}: the restart times are a list, newest
 * first, trimmed to those at most one period old (inclusive) whenever a restart is added. Pure functions.
 */
final class RestartWindow {

    private RestartWindow() {
    }

    /**
     * Adds a restart at {@code now}.
     *
     * @param restarts    earlier restart times, newest first
     * @param now         the time of this restart, from the same monotonic clock
     * @param periodNanos the period
     * @return {@code now} followed by the earlier restarts that are at most {@code periodNanos} old
     */
    static List<Long> add(List<Long> restarts, long now, long periodNanos) {
        List<Long> kept = new ArrayList<>(restarts.size() + 1);
        kept.add(now);
        for (long at : restarts) {
            if (now - at > periodNanos) {
                break; // newest first: every later entry is older still
            }
            kept.add(at);
        }
        return kept;
    }

    /**
     * @return whether {@code restarts} (as returned by {@link #add}) are more than {@code intensity}
     */
    static boolean exceeded(List<Long> restarts, int intensity) {
        return restarts.size() > intensity;
    }
}
