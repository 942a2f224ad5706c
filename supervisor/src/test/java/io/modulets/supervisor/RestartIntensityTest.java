package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.awaitLatch;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.modulets.supervisor.Fixtures.FakeClock;
import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Restart intensity on real threads, with a fake clock: the child fails a given number of times in a row
 * (moving the clock first when asked), then stays up and opens {@code upAgain}.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RestartIntensityTest {

    private static final Duration PERIOD = Duration.ofSeconds(5);

    private final FakeClock clock = new FakeClock();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch upAgain = new CountDownLatch(1);

    private Supervisor start(int intensity, int failures, Duration clockStepPerFailure) {
        ChildBody body = ctx -> {
            int run = runs.incrementAndGet();
            if (run <= failures) {
                clock.advance(clockStepPerFailure);
                throw new IllegalStateException("boom " + run);
            }
            upAgain.countDown();
            new CountDownLatch(1).await();
        };
        return Supervisor.start(SupervisorSpec.builder().name("sup").intensity(intensity).period(PERIOD)
                .nanoClock(clock)
                .child(Fixtures.worker("first", Fixtures.blockUntilStopped()))
                .child(Fixtures.worker("flaky", body))
                .build());
    }

    @Test
    void restarts_exactlyIntensityWithinPeriod_supervisorKeepsRunning() throws Exception {
        Supervisor supervisor = start(3, 3, Duration.ZERO);

        awaitLatch(upAgain);

        assertFalse(supervisor.termination().toCompletableFuture().isDone(),
                "3 restarts in one instant are within intensity 3");
        assertEquals(4, runs.get());
        supervisor.shutdown();
        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
    }

    @Test
    void restarts_oneMoreThanIntensityWithinPeriod_escalatesNamingChildAndLastFailure() throws Exception {
        Supervisor supervisor = start(3, 4, Duration.ZERO);

        ExitReason reason = awaitTermination(supervisor);

        ExitReason.Escalated escalated = assertInstanceOf(ExitReason.Escalated.class, reason);
        assertEquals("sup", escalated.supervisor());
        assertEquals("flaky", escalated.childId());
        assertEquals(3, escalated.intensity());
        assertEquals(PERIOD, escalated.period());
        assertEquals("boom 4", escalated.failure().orElseThrow().getMessage());
        assertEquals(4, runs.get());
    }

    @Test
    void restarts_eachOlderThanPeriod_neverEscalate() throws Exception {
        Supervisor supervisor = start(1, 10, PERIOD.plusNanos(1));

        awaitLatch(upAgain);

        assertFalse(supervisor.termination().toCompletableFuture().isDone(),
                "10 restarts, each more than a period after the one before");
        supervisor.shutdown();
        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
    }

    @Test
    void restarts_exactlyOnePeriodApart_stillCountTogether() throws Exception {
        Supervisor supervisor = start(1, 10, PERIOD);

        ExitReason reason = awaitTermination(supervisor);

        assertInstanceOf(ExitReason.Escalated.class, reason);
        assertEquals(2, runs.get(), "the second failure, one period after the first, is one too many");
    }

    @Test
    void restarts_intensityZero_firstFailureEscalatesAndStopsSiblings() throws Exception {
        RuntimeException boom = new IllegalStateException("boom");
        CountDownLatch go = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup").intensity(0).nanoClock(clock)
                .child(Fixtures.worker("first", Fixtures.blockUntilStopped()))
                .child(Fixtures.worker("flaky", ctx -> {
                    go.await();
                    throw boom;
                }))
                .child(Fixtures.worker("last", Fixtures.blockUntilStopped()))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        go.countDown();

        ExitReason.Failure failure = new ExitReason.Failure(boom);
        ExitReason escalated = new ExitReason.Escalated("sup", "flaky", failure, 0, SupervisorSpec.DEFAULT_PERIOD);
        assertEquals(escalated, awaitTermination(supervisor));
        assertEquals(List.of(new ChildExited("sup", "flaky", failure),
                new ChildExited("sup", "last", ExitReason.SHUTDOWN),
                new ChildExited("sup", "first", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", escalated)), log.awaitCompletion());
    }
}
