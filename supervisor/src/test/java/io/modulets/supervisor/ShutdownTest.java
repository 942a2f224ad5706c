package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.awaitLatch;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.supervisor.SupervisorEvent.ChildAbandoned;
import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShutdownTest {

    private final Queue<String> stopped = new ConcurrentLinkedQueue<>();

    /** A child that counts down {@code started}, blocks, and records its id when interrupted. */
    private ChildSpec recording(String id, CountDownLatch started) {
        return Fixtures.worker(id, ctx -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } finally {
                stopped.add(ctx.id());
            }
        });
    }

    /** A child that ignores interrupts until {@code release} opens, then returns. */
    private static ChildBody stubborn(CountDownLatch started, CountDownLatch release) {
        return ctx -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // this child will not be stopped
                }
            }
        };
    }

    @Test
    void shutdown_runningChildren_stopsThemInReverseStartOrder() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .child(recording("a", started)).child(recording("b", started)).child(recording("c", started))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        awaitLatch(started);

        supervisor.shutdown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(List.of("c", "b", "a"), List.copyOf(stopped));
        assertEquals(List.of(new ChildExited("sup", "c", ExitReason.SHUTDOWN),
                new ChildExited("sup", "b", ExitReason.SHUTDOWN),
                new ChildExited("sup", "a", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void shutdown_childIgnoresInterrupt_isAbandonedAndSupervisorEndsAfterItsTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .child(recording("polite", started))
                .child(ChildSpec.worker("stubborn", stubborn(started, release)).shutdownTimeout(timeout).build())
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        awaitLatch(started);
        try {
            long begin = System.nanoTime();
            supervisor.shutdown();
            ExitReason reason = awaitTermination(supervisor);
            Duration took = Duration.ofNanos(System.nanoTime() - begin);

            assertEquals(ExitReason.SHUTDOWN, reason);
            assertTrue(took.compareTo(timeout) >= 0, "waited the whole timeout, took " + took);
            assertTrue(took.compareTo(timeout.plusSeconds(3)) < 0, "ended about when the timeout ran out: " + took);
            assertEquals(List.of(new ChildAbandoned("sup", "stubborn", timeout),
                    new ChildExited("sup", "polite", ExitReason.SHUTDOWN),
                    new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
            assertEquals(List.of("polite"), List.copyOf(stopped));
        } finally {
            release.countDown();
        }
    }

    @Test
    void shutdown_infinityTimeout_waitsUntilTheChildEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .child(ChildSpec.worker("slow", stubborn(started, release)).shutdownInfinity().build())
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        awaitLatch(started);

        supervisor.shutdown();

        assertEquals(Optional.empty(), supervisor.awaitTermination(Duration.ofMillis(300)),
                "an infinite shutdown timeout never abandons");
        release.countDown();
        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(List.of(new ChildExited("sup", "slow", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void shutdown_simpleOneForOne_interruptsAllChildrenBeforeWaitingForAny() throws Exception {
        int children = 3;
        CountDownLatch started = new CountDownLatch(children);
        CountDownLatch allInterrupted = new CountDownLatch(children);
        // Each child ends only once every child has been interrupted: stopping them one by one would
        // make the first one wait out its timeout and be abandoned.
        ChildBody body = ctx -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                allInterrupted.countDown();
                allInterrupted.await(5, TimeUnit.SECONDS);
            }
        };
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("pool")
                .strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(ChildSpec.worker("w", body).shutdownTimeout(Duration.ofSeconds(5)).build())
                .build());
        for (int i = 0; i < children; i++) {
            supervisor.startChild();
        }
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        awaitLatch(started);

        supervisor.shutdown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(List.of(new ChildExited("pool", "w#3", ExitReason.SHUTDOWN),
                new ChildExited("pool", "w#2", ExitReason.SHUTDOWN),
                new ChildExited("pool", "w#1", ExitReason.SHUTDOWN),
                new SupervisorTerminated("pool", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void restart_siblingIgnoresInterrupt_isAbandonedAndRestartGoesOn() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger triggerRuns = new AtomicInteger();
        // "failing" and "trigger" fail together; whichever exit the loop sees first, the other is handled once.
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .strategy(Strategy.ONE_FOR_ALL)
                .child(ChildSpec.worker("stubborn", stubborn(started, release))
                        .shutdownTimeout(Duration.ofMillis(50)).build())
                .child(ChildSpec.worker("failing", ctx -> {
                    fail.await();
                    throw new IllegalStateException("boom");
                }).restart(RestartType.TEMPORARY).build())
                .child(Fixtures.worker("trigger", ctx -> {
                    if (triggerRuns.incrementAndGet() == 1) {
                        fail.await();
                        throw new IllegalStateException("boom");
                    }
                    new CountDownLatch(1).await();
                }))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        awaitLatch(started);
        try {
            fail.countDown();

            log.awaitEvent(new SupervisorEvent.ChildRestarted("sup", "trigger"));
            assertTrue(log.events().contains(new ChildAbandoned("sup", "stubborn", Duration.ofMillis(50))));
            assertTrue(log.events().contains(new SupervisorEvent.ChildRestarted("sup", "stubborn")));
        } finally {
            release.countDown();
            supervisor.close();
        }
    }

    @Test
    void shutdown_calledTwiceAndAfterEnd_isIdempotent() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder()
                .child(Fixtures.worker("a", blockUntilStopped())).build());

        supervisor.shutdown();
        supervisor.shutdown();
        ExitReason reason = awaitTermination(supervisor);
        supervisor.shutdown();
        supervisor.close();

        assertSame(ExitReason.SHUTDOWN, reason);
        assertEquals(reason, supervisor.termination().toCompletableFuture().join());
    }

    @Test
    void close_runningSupervisor_returnsOnlyOnceItEnded() {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder()
                .child(Fixtures.worker("a", blockUntilStopped())).build());

        supervisor.close();

        assertTrue(supervisor.termination().toCompletableFuture().isDone());
    }

    @Test
    void close_callerInterrupted_stillWaitsAndKeepsInterruptStatus() {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder()
                .child(Fixtures.worker("a", blockUntilStopped())).build());

        Thread.currentThread().interrupt();
        supervisor.close();

        assertTrue(Thread.interrupted(), "interrupt status kept (and cleared here)");
        assertTrue(supervisor.termination().toCompletableFuture().isDone());
    }

    @Test
    void awaitTermination_callerInterrupted_throws() {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder()
                .child(Fixtures.worker("a", blockUntilStopped())).build());
        try {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, supervisor::awaitTermination);
        } finally {
            supervisor.close();
        }
    }
}
