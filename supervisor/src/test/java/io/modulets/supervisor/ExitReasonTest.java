package io.modulets.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exit reasons, and how a worker's run becomes one. */
class ExitReasonTest {

    private static ChildContext context(boolean stopRequested) {
        return new ChildContext() {
            @Override
            public String id() {
                return "w";
            }

            @Override
            public String supervisor() {
                return "s";
            }

            @Override
            public List<Object> args() {
                return List.of();
            }

            @Override
            public boolean stopRequested() {
                return stopRequested;
            }
        };
    }

    private static ExitReason run(ChildBody body, boolean stopRequested) {
        return new ChildTask.Worker(body).run(context(stopRequested));
    }

    @Test
    void isAbnormal_onlyFailureAndEscalated() {
        ExitReason failure = new ExitReason.Failure(new IOException("disk"));

        assertFalse(ExitReason.NORMAL.isAbnormal());
        assertFalse(ExitReason.SHUTDOWN.isAbnormal());
        assertTrue(failure.isAbnormal());
        assertTrue(new ExitReason.Escalated("s", "c", failure, 1, Duration.ofSeconds(5)).isAbnormal());
    }

    @Test
    void failure_nestedEscalations_findTheRootThrowable() {
        IOException root = new IOException("disk");
        ExitReason inner = new ExitReason.Escalated("inner", "db", new ExitReason.Failure(root), 0,
                Duration.ofSeconds(5));
        ExitReason outer = new ExitReason.Escalated("outer", "inner", inner, 1, Duration.ofSeconds(5));

        assertSame(root, outer.failure().orElseThrow());
        assertEquals(Optional.empty(), ExitReason.SHUTDOWN.failure());
        assertEquals(Optional.empty(), ExitReason.NORMAL.failure());
    }

    @Test
    void escalatedToString_namesSupervisorChildAndLastFailure() {
        ExitReason reason = new ExitReason.Escalated("jobs", "db", new ExitReason.Failure(new IOException("disk")),
                3, Duration.ofSeconds(5));

        assertEquals("Escalated[supervisor 'jobs' exceeded its restart intensity of 3 restarts in PT5S when child "
                + "'db' exited with Failure[cause=java.io.IOException: disk]]", reason.toString());
    }

    @Test
    void records_nullComponents_areRejected() {
        assertThrows(NullPointerException.class, () -> new ExitReason.Failure(null));
        assertThrows(NullPointerException.class,
                () -> new ExitReason.Escalated("s", "c", null, 1, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> new SupervisorEvent.ChildExited("s", "c", null));
    }

    @Test
    void workerRun_returnsNormally_isNormal() {
        assertEquals(ExitReason.NORMAL, run(ctx -> { }, false));
    }

    @Test
    void workerRun_returnsAfterStopRequest_isShutdown() {
        assertEquals(ExitReason.SHUTDOWN, run(ctx -> { }, true));
    }

    @Test
    void workerRun_throwsInterruptedException_isShutdown() {
        assertEquals(ExitReason.SHUTDOWN, run(ctx -> {
            throw new InterruptedException();
        }, false));
    }

    @Test
    void workerRun_throws_isFailureWithThatThrowable() {
        IllegalStateException boom = new IllegalStateException("boom");
        AssertionError error = new AssertionError("an Error counts too");

        assertEquals(new ExitReason.Failure(boom), run(ctx -> {
            throw boom;
        }, false));
        assertEquals(new ExitReason.Failure(error), run(ctx -> {
            throw error;
        }, false));
    }

    @Test
    void workerRun_throwsExceptionCausedByInterrupt_isShutdownOnlyAfterStopRequest() {
        RuntimeException wrapped = new RuntimeException(new InterruptedIOException("read interrupted"));

        assertEquals(ExitReason.SHUTDOWN, run(ctx -> {
            throw wrapped;
        }, true));
        assertEquals(new ExitReason.Failure(wrapped), run(ctx -> {
            throw wrapped;
        }, false));
    }
}
