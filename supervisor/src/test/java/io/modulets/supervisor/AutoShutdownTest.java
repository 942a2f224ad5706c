package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.awaitTermination;
import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.ChildRestarted;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AutoShutdownTest {

    private static ChildSpec significant(String id, RestartType type, ChildBody body) {
        return ChildSpec.worker(id, body).restart(type).significant(true).build();
    }

    /** A permanent child that fails once when {@code trigger} opens: its restart proves the loop is alive. */
    private static ChildSpec probe(CountDownLatch trigger) {
        AtomicInteger runs = new AtomicInteger();
        return Fixtures.worker("probe", ctx -> {
            if (runs.incrementAndGet() == 1) {
                trigger.await();
                throw new IllegalStateException("probe");
            }
            new CountDownLatch(1).await();
        });
    }

    @Test
    void anySignificant_significantTransientExitsNormally_supervisorStopsOthersAndEndsWithShutdown()
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(Fixtures.worker("a", blockUntilStopped()))
                .child(significant("s", RestartType.TRANSIENT, ctx -> go.await()))
                .child(Fixtures.worker("c", blockUntilStopped()))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        go.countDown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(List.of(new ChildExited("sup", "s", ExitReason.NORMAL),
                new ChildExited("sup", "c", ExitReason.SHUTDOWN),
                new ChildExited("sup", "a", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void anySignificant_significantTemporaryFails_supervisorShutsDown() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder()
                .autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(Fixtures.worker("a", blockUntilStopped()))
                .child(significant("t", RestartType.TEMPORARY, ctx -> {
                    go.await();
                    throw new IllegalStateException("boom");
                }))
                .build());

        go.countDown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
    }

    @Test
    void anySignificant_significantTransientFails_isRestartedAndSupervisorKeepsRunning() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(significant("s", RestartType.TRANSIENT, ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        go.await();
                        throw new IllegalStateException("boom");
                    }
                    new CountDownLatch(1).await();
                }))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        go.countDown();
        log.awaitEvent(new ChildRestarted("sup", "s"));

        assertFalse(supervisor.termination().toCompletableFuture().isDone());
        supervisor.close();
    }

    @Test
    void anySignificant_nonSignificantChildExits_supervisorKeepsRunning() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch trigger = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(significant("s", RestartType.TRANSIENT, blockUntilStopped()))
                .child(ChildSpec.worker("plain", ctx -> go.await()).restart(RestartType.TEMPORARY).build())
                .child(probe(trigger))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        go.countDown();
        log.awaitEvent(new ChildExited("sup", "plain", ExitReason.NORMAL));
        trigger.countDown();
        log.awaitEvent(new ChildRestarted("sup", "probe"));

        assertFalse(supervisor.termination().toCompletableFuture().isDone());
        supervisor.close();
    }

    @Test
    void allSignificant_significantChildrenEndOneByOne_supervisorShutsDownAfterTheLast() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                .child(Fixtures.worker("a", blockUntilStopped()))
                .child(significant("s1", RestartType.TEMPORARY, ctx -> first.await()))
                .child(significant("s2", RestartType.TRANSIENT, ctx -> second.await()))
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        first.countDown();
        log.awaitEvent(new ChildExited("sup", "s1", ExitReason.NORMAL));
        second.countDown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        // Had the supervisor shut down after s1, s2 would have been stopped (Shutdown), not ended Normal.
        assertEquals(List.of(new ChildExited("sup", "s1", ExitReason.NORMAL),
                new ChildExited("sup", "s2", ExitReason.NORMAL),
                new ChildExited("sup", "a", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void allSignificant_simpleOneForOne_shutsDownWhenLastDynamicChildEnds() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("pool")
                .strategy(Strategy.SIMPLE_ONE_FOR_ONE).autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                .child(significant("job", RestartType.TEMPORARY,
                        ctx -> ((CountDownLatch) ctx.args().getFirst()).await()))
                .build());
        supervisor.startChild(first);
        supervisor.startChild(second);
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        first.countDown();
        log.awaitEvent(new ChildExited("pool", "job#1", ExitReason.NORMAL));
        second.countDown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(List.of(new ChildExited("pool", "job#1", ExitReason.NORMAL),
                new ChildExited("pool", "job#2", ExitReason.NORMAL),
                new SupervisorTerminated("pool", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }
}
