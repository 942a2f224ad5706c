package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.await;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DynamicChildrenTest {

    private final Queue<String> runs = new ConcurrentLinkedQueue<>();

    private static SupervisorSpec pool(ChildSpec template) {
        return SupervisorSpec.builder().name("pool").strategy(Strategy.SIMPLE_ONE_FOR_ONE).child(template).build();
    }

    @Test
    void startChild_withArgs_childGetsThemAndANumberedId() throws Exception {
        try (Supervisor supervisor = Supervisor.start(pool(Fixtures.worker("job", ctx -> {
            runs.add(ctx.id() + " " + ctx.args());
            new CountDownLatch(1).await();
        })))) {
            assertEquals("job#1", supervisor.startChild("a", 1));
            assertEquals("job#2", supervisor.startChild("b", 2));
            assertEquals("job#3", supervisor.startChild());

            await().until(() -> runs.size() == 3);
            assertEquals(List.of("job#1 [a, 1]", "job#2 [b, 2]", "job#3 []"), runs.stream().sorted().toList());
        }
    }

    @Test
    void startChild_childFails_isRestartedWithTheSameArgs() throws Exception {
        try (Supervisor supervisor = Supervisor.start(pool(Fixtures.worker("job", ctx -> {
            runs.add(ctx.id() + " " + ctx.args());
            if (runs.size() == 1) {
                throw new IllegalStateException("first run fails");
            }
            new CountDownLatch(1).await();
        })))) {
            supervisor.startChild("x");

            await().until(() -> runs.size() == 2);
            assertEquals(List.of("job#1 [x]", "job#1 [x]"), List.copyOf(runs));
        }
    }

    @Test
    void startChild_temporaryChildEnds_isForgottenAndNotStoppedAtShutdown() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(pool(ChildSpec.worker("job", ctx -> {
            if (ctx.args().equals(List.of("short"))) {
                go.await();
                return;
            }
            new CountDownLatch(1).await();
        }).restart(RestartType.TEMPORARY).build()));
        supervisor.startChild("short");
        supervisor.startChild("long");
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        go.countDown();
        log.awaitEvent(new ChildExited("pool", "job#1", ExitReason.NORMAL));
        supervisor.shutdown();

        assertEquals(List.of(new ChildExited("pool", "job#1", ExitReason.NORMAL),
                new ChildExited("pool", "job#2", ExitReason.SHUTDOWN),
                new SupervisorTerminated("pool", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void startChild_fromAChildOfTheSameSupervisor_works() throws Exception {
        CountDownLatch grandchildRan = new CountDownLatch(1);
        Supervisor[] self = new Supervisor[1];
        try (Supervisor supervisor = Supervisor.start(pool(Fixtures.worker("job", ctx -> {
            if (ctx.args().getFirst().equals("parent")) {
                self[0].startChild("child");
            } else {
                grandchildRan.countDown();
            }
            new CountDownLatch(1).await();
        })))) {
            self[0] = supervisor;
            supervisor.startChild("parent");

            Fixtures.awaitLatch(grandchildRan);
        }
    }

    @Test
    void startChild_staticSupervisor_throwsNamingStrategy() {
        try (Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("static")
                .child(Fixtures.worker("a", blockUntilStopped())).build())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, supervisor::startChild);

            assertTrue(e.getMessage().startsWith("supervisor 'static' is ONE_FOR_ONE"), e.getMessage());
        }
    }

    @Test
    void startChild_afterShutdown_throwsSayingSo() throws Exception {
        Supervisor supervisor = Supervisor.start(pool(Fixtures.worker("job", blockUntilStopped())));
        supervisor.startChild();
        supervisor.shutdown();

        IllegalStateException shuttingDown = assertThrows(IllegalStateException.class, supervisor::startChild);
        awaitTermination(supervisor);
        IllegalStateException ended = assertThrows(IllegalStateException.class, supervisor::startChild);

        assertTrue(shuttingDown.getMessage().contains("'pool'"), shuttingDown.getMessage());
        assertTrue(ended.getMessage().contains("has terminated with Shutdown"), ended.getMessage());
    }

    @Test
    void startChild_nullArgument_isRejectedNamingItsPosition() {
        try (Supervisor supervisor = Supervisor.start(pool(Fixtures.worker("job", blockUntilStopped())))) {
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> supervisor.startChild("ok", null));

            assertEquals("startChild argument 1 is null", e.getMessage());
        }
    }
}
