package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.WAIT;
import static io.modulets.supervisor.Fixtures.awaitTermination;
import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.ChildRestarted;
import io.modulets.supervisor.SupervisorEvent.ChildStarted;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventsTest {

    @Test
    void events_subscribedAfterStart_seeOnlyLaterEventsThenCompletion() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .child(Fixtures.worker("a", blockUntilStopped()))
                .child(Fixtures.worker("b", blockUntilStopped())).build());
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        supervisor.shutdown();

        assertEquals(List.of(new ChildExited("sup", "b", ExitReason.SHUTDOWN),
                new ChildExited("sup", "a", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN)), log.awaitCompletion());
    }

    @Test
    void events_dynamicChildStartedAndRestarted_arePublished() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("pool")
                .strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(Fixtures.worker("w", ctx -> {
                    if (runs.incrementAndGet() == 1) {
                        go.await();
                        throw new IllegalStateException("boom");
                    }
                    new CountDownLatch(1).await();
                })).build())) {
            Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

            supervisor.startChild();
            go.countDown();

            log.awaitEvent(new ChildRestarted("pool", "w#1"));
            assertEquals(new ChildStarted("pool", "w#1"), log.events().getFirst());
            assertTrue(log.events().get(1) instanceof ChildExited exited && exited.reason().isAbnormal());
        }
    }

    @Test
    void events_subscribedAfterTermination_completeAtOnce() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().build());
        supervisor.shutdown();
        awaitTermination(supervisor);

        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);

        assertEquals(List.of(), log.awaitCompletion());
    }

    @Test
    void events_subscriberRequestingNothing_doesNotHoldUpTheSupervisorAndGetsEverythingLater() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch upAgain = new CountDownLatch(1);
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup").intensity(5)
                .child(Fixtures.worker("w", ctx -> {
                    if (runs.incrementAndGet() <= 5) {
                        throw new IllegalStateException("boom");
                    }
                    upAgain.countDown();
                    new CountDownLatch(1).await();
                })).build());
        AssertSubscriber<SupervisorEvent> stalled = supervisor.events().subscribe()
                .withSubscriber(AssertSubscriber.create(0));

        Fixtures.awaitLatch(upAgain);
        supervisor.shutdown();
        ExitReason reason = awaitTermination(supervisor);

        assertEquals(ExitReason.SHUTDOWN, reason);
        stalled.assertHasNotReceivedAnyItem();
        stalled.request(Long.MAX_VALUE);
        stalled.awaitCompletion(WAIT);
        assertEquals(new SupervisorTerminated("sup", ExitReason.SHUTDOWN), stalled.getLastItem());
    }

    @Test
    void events_subscriberFallsTooFarBehind_failsWithBackPressureOnceWhileOthersAndTheSupervisorGoOn() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("busy")
                .strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(ChildSpec.worker("w", ctx -> { }).restart(RestartType.TEMPORARY).build()).build());
        AssertSubscriber<SupervisorEvent> stalled = supervisor.events().subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        Fixtures.EventLog reader = Fixtures.EventLog.of(supervisor);
        int children = SupervisorLoop.EVENT_BUFFER; // two events each: ChildStarted, ChildExited

        for (int i = 1; i <= children; i++) {
            supervisor.startChild();
            if (i % 512 == 0) { // pace on the reader, so that on a loaded machine only the stalled one overflows
                int started = i;
                Fixtures.await().until(() -> reader.count(ChildStarted.class::isInstance) == started);
            }
        }
        stalled.awaitFailure(failure -> assertInstanceOf(BackPressureFailure.class, failure), WAIT);
        supervisor.shutdown();

        stalled.assertHasNotReceivedAnyItem();
        assertEquals(2 * children + 1, reader.awaitCompletion().size(), "the reader got every event");
        assertEquals(ExitReason.SHUTDOWN, awaitTermination(supervisor));
        assertEquals(1, CapturedLogs.messages(Level.WARNING, "Supervisor 'busy': an events() subscriber fell").size());
    }

    @Test
    void events_twoSubscribers_eachSeeTheSameEvents() throws Exception {
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("sup")
                .child(Fixtures.worker("a", blockUntilStopped())).build());
        Fixtures.EventLog first = Fixtures.EventLog.of(supervisor);
        Fixtures.EventLog second = Fixtures.EventLog.of(supervisor);

        supervisor.shutdown();

        List<SupervisorEvent> expected = List.of(new ChildExited("sup", "a", ExitReason.SHUTDOWN),
                new SupervisorTerminated("sup", ExitReason.SHUTDOWN));
        assertEquals(expected, first.awaitCompletion());
        assertEquals(expected, second.awaitCompletion());
    }

    @Test
    void logs_restartEscalationAndTermination_oneLineEachInTheSupervisorCategory() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("logged")
                .child(Fixtures.worker("w", ctx -> {
                    throw new IllegalStateException("boom " + runs.incrementAndGet());
                })).build());

        awaitTermination(supervisor);

        assertEquals(1, CapturedLogs.messages(Level.INFO, "Supervisor 'logged' restarted child 'w'").size());
        assertEquals(2, CapturedLogs.messages(Level.WARNING, "Supervisor 'logged': child 'w' failed").size());
        assertEquals(1, CapturedLogs.messages(Level.WARNING,
                "Supervisor 'logged' reached its restart intensity (1 in PT5S): child 'w' exited with "
                        + "Failure[cause=java.lang.IllegalStateException: boom 2]").size());
        assertEquals(1, CapturedLogs.messages(Level.INFO, "Supervisor 'logged' terminated: Escalated[").size());
    }
}
