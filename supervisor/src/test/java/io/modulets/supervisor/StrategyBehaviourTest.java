package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.supervisor.SupervisorEvent.ChildExited;
import io.modulets.supervisor.SupervisorEvent.ChildRestarted;
import io.modulets.supervisor.SupervisorEvent.SupervisorTerminated;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour table, end to end on real threads: for every strategy, restart type and way of exiting,
 * the events a supervisor publishes when its middle child exits once and it is then shut down.
 *
 * <p>Static strategies run children a, b, c (a and c permanent, b under test); SIMPLE_ONE_FOR_ONE runs
 * dynamic children w#1 (under test) and w#2. The expected events are written out from OTP's rules.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StrategyBehaviourTest {

    enum ExitKind {
        NORMAL, FAILURE, SHUTDOWN
    }

    private static final String SUP = "table";

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Strategy strategy : Strategy.values()) {
            for (RestartType type : RestartType.values()) {
                for (ExitKind kind : ExitKind.values()) {
                    rows.add(Arguments.of(strategy, type, kind));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} child exits {2}")
    @MethodSource("table")
    void childExit_strategyRestartTypeAndExitKind_publishesOtpEvents(Strategy strategy, RestartType type,
                                                                     ExitKind kind) throws Exception {
        RuntimeException boom = new IllegalStateException("boom");
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger subjectRuns = new AtomicInteger();
        ChildBody subject = ctx -> {
            if (strategy == Strategy.SIMPLE_ONE_FOR_ONE && !ctx.args().equals(List.of("subject"))) {
                new CountDownLatch(1).await();
            }
            if (subjectRuns.incrementAndGet() > 1) {
                new CountDownLatch(1).await(); // a restarted subject stays up
            }
            go.await();
            switch (kind) {
                case NORMAL -> {
                    return;
                }
                case FAILURE -> throw boom;
                case SHUTDOWN -> throw new InterruptedException("told to stop by someone else");
            }
        };
        SupervisorSpec.Builder spec = SupervisorSpec.builder().name(SUP).strategy(strategy);
        String subjectId;
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
            spec.child(ChildSpec.worker("w", subject).restart(type).build());
            subjectId = "w#1";
        } else {
            spec.child(Fixtures.worker("a", blockUntilStopped()))
                    .child(ChildSpec.worker("b", subject).restart(type).build())
                    .child(Fixtures.worker("c", blockUntilStopped()));
            subjectId = "b";
        }

        Supervisor supervisor = Supervisor.start(spec.build());
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
            assertEquals("w#1", supervisor.startChild("subject"));
            assertEquals("w#2", supervisor.startChild("bystander"));
        }
        Fixtures.EventLog log = Fixtures.EventLog.of(supervisor);
        go.countDown();
        ExitReason exit = switch (kind) {
            case NORMAL -> ExitReason.NORMAL;
            case FAILURE -> new ExitReason.Failure(boom);
            case SHUTDOWN -> ExitReason.SHUTDOWN;
        };
        log.awaitEvent(new ChildExited(SUP, subjectId, exit));
        // The restart (if any) is handled in the same loop step as that exit, so this shutdown comes after it.
        supervisor.shutdown();

        assertEquals(expectedEvents(strategy, type, kind, exit), log.awaitCompletion());
        assertEquals(ExitReason.SHUTDOWN, Fixtures.awaitTermination(supervisor));
    }

    private static List<SupervisorEvent> expectedEvents(Strategy strategy, RestartType type, ExitKind kind,
                                                        ExitReason exit) {
        boolean restarted = type == RestartType.PERMANENT || (type == RestartType.TRANSIENT && kind == ExitKind.FAILURE);
        List<SupervisorEvent> events = new ArrayList<>();
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
            events.add(new ChildExited(SUP, "w#1", exit));
            if (restarted) {
                events.add(new ChildRestarted(SUP, "w#1"));
            }
            events.add(new ChildExited(SUP, "w#2", ExitReason.SHUTDOWN));
            if (restarted) {
                events.add(new ChildExited(SUP, "w#1", ExitReason.SHUTDOWN));
            }
        } else {
            events.add(new ChildExited(SUP, "b", exit));
            if (restarted) {
                switch (strategy) {
                    case ONE_FOR_ONE -> events.add(new ChildRestarted(SUP, "b"));
                    case ONE_FOR_ALL -> {
                        events.add(new ChildExited(SUP, "c", ExitReason.SHUTDOWN));
                        events.add(new ChildExited(SUP, "a", ExitReason.SHUTDOWN));
                        events.add(new ChildRestarted(SUP, "a"));
                        events.add(new ChildRestarted(SUP, "b"));
                        events.add(new ChildRestarted(SUP, "c"));
                    }
                    case REST_FOR_ONE -> {
                        events.add(new ChildExited(SUP, "c", ExitReason.SHUTDOWN));
                        events.add(new ChildRestarted(SUP, "b"));
                        events.add(new ChildRestarted(SUP, "c"));
                    }
                    default -> throw new AssertionError(strategy);
                }
            }
            events.add(new ChildExited(SUP, "c", ExitReason.SHUTDOWN));
            if (restarted) {
                events.add(new ChildExited(SUP, "b", ExitReason.SHUTDOWN));
            }
            events.add(new ChildExited(SUP, "a", ExitReason.SHUTDOWN));
        }
        events.add(new SupervisorTerminated(SUP, ExitReason.SHUTDOWN));
        return events;
    }
}
