package io.modulets.runtime.deploy;

import static io.modulets.runtime.deploy.ArrivalRules.Verdict.IGNORE;
import static io.modulets.runtime.deploy.ArrivalRules.Verdict.TRY;
import static io.modulets.runtime.deploy.ArrivalRules.Verdict.TRY_FINAL;
import static io.modulets.runtime.deploy.ArrivalRules.Verdict.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.runtime.deploy.ArrivalRules.Verdict;
import io.modulets.runtime.deploy.DeployState.Accepted;
import io.modulets.runtime.deploy.DeployState.Attempt;
import io.modulets.runtime.deploy.DeployState.Pending;
import io.modulets.runtime.deploy.DeployState.Rejected;
import io.modulets.runtime.deploy.DeployState.Tracked;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rule 3's timing: when a seen file is tried, tried for the last time, left waiting, or ignored. */
class ArrivalRulesTest {

    private static final long SETTLE = Duration.ofSeconds(2).toNanos();
    private static final long SOON = SETTLE / 2;
    private static final FileStamp STAMP = new FileStamp(100, 1, "inode-1");
    private static final FileStamp WRITTEN = new FileStamp(120, 2, "inode-1");

    static Stream<Arguments> table() {
        return Stream.of(
                // last attempt, stamp now, by event, nanos since it was first seen, verdict
                Arguments.of(null, STAMP, false, 0L, TRY),
                Arguments.of(null, STAMP, true, 0L, TRY),
                Arguments.of(new Pending(0), WRITTEN, false, SOON, TRY),
                Arguments.of(new Pending(0), WRITTEN, false, SETTLE, TRY),
                Arguments.of(new Pending(0), STAMP, false, SOON, WAIT),
                Arguments.of(new Pending(0), STAMP, true, SOON, TRY),
                Arguments.of(new Pending(0), STAMP, false, SETTLE, TRY_FINAL),
                Arguments.of(new Pending(0), STAMP, true, SETTLE, TRY_FINAL),
                Arguments.of(new Accepted(false), STAMP, false, SETTLE, IGNORE),
                Arguments.of(new Accepted(false), STAMP, true, SETTLE, TRY),
                Arguments.of(new Accepted(false), WRITTEN, false, SOON, TRY),
                Arguments.of(new Accepted(true), STAMP, true, SOON, IGNORE),
                Arguments.of(new Accepted(true), STAMP, false, SOON, IGNORE),
                Arguments.of(new Accepted(true), WRITTEN, true, SOON, TRY),
                Arguments.of(new Rejected(), STAMP, false, SETTLE, IGNORE),
                Arguments.of(new Rejected(), STAMP, true, SETTLE, TRY),
                Arguments.of(new Rejected(), WRITTEN, false, SOON, TRY));
    }

    @ParameterizedTest(name = "after {0}, stamp {1}, by event {2}, {3} ns later: {4}")
    @MethodSource("table")
    void verdict_lastAttemptStampEventAndTime_givesRule3Verdict(Attempt last, FileStamp now, boolean byEvent,
            long elapsed, Verdict expected) {
        Tracked tracked = last == null ? null : new Tracked(STAMP, last, null, false);

        assertEquals(expected, ArrivalRules.verdict(tracked, now, byEvent, elapsed, SETTLE));
    }
}
