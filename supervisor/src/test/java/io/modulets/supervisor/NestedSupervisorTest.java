package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.awaitLatch;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.ChildRestarted;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NestedSupervisorTest {

    private static final Duration PERIOD = SupervisorSpec.DEFAULT_PERIOD;

    @Test
    void nestedSupervisor_escalates_parentSeesAbnormalExitAndRestartsIt() throws Exception {
        RuntimeException boom = new IllegalStateException("boom");
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SupervisorSpec inner = SupervisorSpec.builder().name("inner").intensity(0)
                .child(Fixtures.worker("w", ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        go.await();
                        throw boom;
                    }
                    secondRun.countDown();
                    new CountDownLatch(1).await();
                })).build();
        Supervisor outer = Supervisor.start(SupervisorSpec.builder().name("outer")
                .child(ChildSpec.supervisor("inner", inner).build()).build());
        Fixtures.EventLog log = Fixtures.EventLog.of(outer);

        go.countDown();
        awaitLatch(secondRun);
        outer.shutdown();

        ExitReason escalated = new ExitReason.Escalated("inner", "w", new ExitReason.Failure(boom), 0, PERIOD);
        assertEquals(ExitReason.SHUTDOWN, awaitTermination(outer));
        assertEquals(List.of(new ChildExited("outer", "inner", escalated),
                new ChildRestarted("outer", "inner"),
                new ChildExited("outer", "inner", ExitReason.SHUTDOWN),
                new SupervisorTerminated("outer", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void nestedSupervisor_keepsEscalating_parentEscalatesNamingItAndTheRootFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SupervisorSpec inner = SupervisorSpec.builder().name("inner").intensity(0)
                .child(Fixtures.worker("w", ctx -> {
                    throw new IllegalStateException("boom " + runs.incrementAndGet());
                })).build();

        Supervisor outer = Supervisor.start(SupervisorSpec.builder().name("outer").intensity(1)
                .child(ChildSpec.supervisor("inner", inner).build()).build());

        ExitReason.Escalated reason = assertInstanceOf(ExitReason.Escalated.class, awaitTermination(outer));
        assertEquals("outer", reason.supervisor());
        assertEquals("inner", reason.childId());
        ExitReason.Escalated innerReason = assertInstanceOf(ExitReason.Escalated.class, reason.lastExit());
        assertEquals("inner", innerReason.supervisor());
        assertEquals("w", innerReason.childId());
        assertEquals("boom 2", reason.failure().orElseThrow().getMessage());
        assertEquals(2, runs.get(), "the inner supervisor ran twice: once, and once restarted");
    }

    @Test
    void shutdown_tree_stopsDepthFirstInReverseStartOrder() throws Exception {
        Queue<String> stopped = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        ChildBody body = ctx -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } finally {
                stopped.add(ctx.supervisor() + "/" + ctx.id());
            }
        };
        SupervisorSpec inner = SupervisorSpec.builder().name("inner")
                .child(Fixtures.worker("b1", body)).child(Fixtures.worker("b2", body)).build();
        Supervisor outer = Supervisor.start(SupervisorSpec.builder().name("outer")
                .child(Fixtures.worker("a", body))
                .child(ChildSpec.supervisor("inner", inner).build())
                .child(Fixtures.worker("c", body)).build());
        awaitLatch(started);

        outer.shutdown();

        assertSame(ExitReason.SHUTDOWN, awaitTermination(outer));
        assertEquals(List.of("outer/c", "inner/b2", "inner/b1", "outer/a"), List.copyOf(stopped));
    }

    @Test
    void nestedSupervisor_autoShutdown_endsAsShutdownAndTransientParentChildStaysDown() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        SupervisorSpec inner = SupervisorSpec.builder().name("inner").autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(ChildSpec.worker("task", ctx -> go.await())
                        .restart(RestartType.TRANSIENT).significant(true).build()).build();
        Supervisor outer = Supervisor.start(SupervisorSpec.builder().name("outer")
                .autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(Fixtures.worker("other", Fixtures.blockUntilStopped()))
                .child(ChildSpec.supervisor("inner", inner).restart(RestartType.TRANSIENT).significant(true).build())
                .build());
        Fixtures.EventLog log = Fixtures.EventLog.of(outer);

        go.countDown();

        assertEquals(ExitReason.SHUTDOWN, awaitTermination(outer));
        assertEquals(List.of(new ChildExited("outer", "inner", ExitReason.SHUTDOWN),
                new ChildExited("outer", "other", ExitReason.SHUTDOWN),
                new SupervisorTerminated("outer", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }
}
