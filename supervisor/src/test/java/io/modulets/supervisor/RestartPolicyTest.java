package io.modulets.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.supervisor.Decision.Restart;
import io.modulets.supervisor.Decision.Start;
import io.modulets.supervisor.Decision.Terminate;
import io.modulets.supervisor.SupervisorState.Child;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure restart decisions, without threads or clocks. */
class RestartPolicyTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final ExitReason FAILURE = new ExitReason.Failure(new IllegalStateException("boom"));
    private static final ChildBody NOTHING = ctx -> { };

    private static ChildSpec spec(String id, RestartType type) {
        return ChildSpec.worker(id, NOTHING).restart(type).build();
    }

    private static ChildSpec significant(String id, RestartType type) {
        return ChildSpec.worker(id, NOTHING).restart(type).significant(true).build();
    }

    /** A started supervisor of the given children. */
    private static SupervisorState started(SupervisorSpec.Builder builder) {
        return RestartPolicy.start(SupervisorState.initial(builder.build())).state();
    }

    private static SupervisorState abc(Strategy strategy, RestartType typeOfB) {
        return started(SupervisorSpec.builder().name("s").strategy(strategy).intensity(10)
                .child(spec("a", RestartType.PERMANENT))
                .child(spec("b", typeOfB))
                .child(spec("c", RestartType.PERMANENT)));
    }

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (Strategy strategy : List.of(Strategy.ONE_FOR_ONE, Strategy.ONE_FOR_ALL, Strategy.REST_FOR_ONE)) {
            for (RestartType type : RestartType.values()) {
                for (ExitReason exit : List.of(ExitReason.NORMAL, FAILURE, ExitReason.SHUTDOWN)) {
                    rows.add(Arguments.of(strategy, type, exit));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} exits with {2}")
    @MethodSource("table")
    void decide_strategyRestartTypeAndExit_givesOtpAction(Strategy strategy, RestartType type, ExitReason exit) {
        Decision decision = RestartPolicy.decide(abc(strategy, type), "b", exit, 0);

        boolean restart = type == RestartType.PERMANENT || (type == RestartType.TRANSIENT && exit == FAILURE);
        if (!restart) {
            assertSame(Decision.CONTINUE, decision.action());
            List<String> expected = type == RestartType.TEMPORARY ? List.of("a", "c") : List.of("a", "b", "c");
            assertEquals(expected, decision.state().children().stream().map(Child::id).toList());
            assertEquals(List.of("a", "c"), SupervisorState.running(decision.state().children()));
            return;
        }
        Decision.Action expected = switch (strategy) {
            case ONE_FOR_ONE -> new Restart(List.of(), List.of("b"));
            case ONE_FOR_ALL -> new Restart(List.of("c", "a"), List.of("a", "b", "c"));
            case REST_FOR_ONE -> new Restart(List.of("c"), List.of("b", "c"));
            default -> throw new AssertionError(strategy);
        };
        assertEquals(expected, decision.action());
        assertEquals(List.of("a", "b", "c"), SupervisorState.running(decision.state().children()));
        assertEquals(1, decision.state().restarts().size());
    }

    @Test
    void decide_simpleOneForOnePermanentChildFails_restartsOnlyThatChildWithItsArgs() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(spec("w", RestartType.PERMANENT)));
        state = RestartPolicy.startDynamic(state, List.of("x")).state();
        state = RestartPolicy.startDynamic(state, List.of("y")).state();

        Decision decision = RestartPolicy.decide(state, "w#1", FAILURE, 0);

        assertEquals(new Restart(List.of(), List.of("w#1")), decision.action());
        assertEquals(List.of("x"), decision.state().child("w#1").orElseThrow().args());
    }

    @Test
    void decide_simpleOneForOneTemporaryChildEnds_removesIt() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(spec("w", RestartType.TEMPORARY)));
        state = RestartPolicy.startDynamic(state, List.of()).state();

        Decision decision = RestartPolicy.decide(state, "w#1", FAILURE, 0);

        assertSame(Decision.CONTINUE, decision.action());
        assertTrue(decision.state().children().isEmpty());
    }

    @Test
    void decide_oneForAllWithTemporaryAndStoppedTransientSiblings_dropsTemporaryAndStartsTransient() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.ONE_FOR_ALL)
                .child(spec("t", RestartType.TRANSIENT))
                .child(spec("tmp", RestartType.TEMPORARY))
                .child(spec("p", RestartType.PERMANENT)));
        state = RestartPolicy.decide(state, "t", ExitReason.NORMAL, 0).state(); // t done, not restarted

        Decision decision = RestartPolicy.decide(state, "p", FAILURE, 0);

        // As OTP's terminate_children + start_children: temporary siblings go, every other spec starts again.
        assertEquals(new Restart(List.of("tmp"), List.of("t", "p")), decision.action());
        assertEquals(List.of("t", "p"), decision.state().children().stream().map(Child::id).toList());
    }

    @Test
    void decide_restForOne_leavesEarlierChildrenAlone() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.REST_FOR_ONE)
                .child(spec("a", RestartType.PERMANENT))
                .child(spec("b", RestartType.PERMANENT))
                .child(spec("tmp", RestartType.TEMPORARY))
                .child(spec("d", RestartType.PERMANENT)));

        Decision decision = RestartPolicy.decide(state, "b", FAILURE, 0);

        assertEquals(new Restart(List.of("d", "tmp"), List.of("b", "d")), decision.action());
        assertEquals(List.of("a", "b", "d"), SupervisorState.running(decision.state().children()));
    }

    @Test
    void decide_unknownOrStoppedChild_changesNothing() {
        SupervisorState state = abc(Strategy.ONE_FOR_ALL, RestartType.TRANSIENT);
        SupervisorState stopped = RestartPolicy.decide(state, "b", ExitReason.NORMAL, 0).state();

        assertEquals(new Decision(state, Decision.CONTINUE), RestartPolicy.decide(state, "zz", FAILURE, 0));
        assertEquals(new Decision(stopped, Decision.CONTINUE), RestartPolicy.decide(stopped, "b", FAILURE, 0));
    }

    // ---- intensity ----------------------------------------------------------------------------------

    private static SupervisorState oneForOne(int intensity) {
        return started(SupervisorSpec.builder().name("s").intensity(intensity).period(Duration.ofSeconds(5))
                .child(spec("a", RestartType.PERMANENT))
                .child(spec("b", RestartType.PERMANENT))
                .child(spec("c", RestartType.PERMANENT)));
    }

    @Test
    void decide_exactlyIntensityRestartsWithinPeriod_restartsEachTime() {
        SupervisorState state = oneForOne(3);
        for (int i = 0; i < 3; i++) {
            Decision decision = RestartPolicy.decide(state, "b", FAILURE, i * SECOND);
            assertEquals(new Restart(List.of(), List.of("b")), decision.action(), "restart " + (i + 1));
            state = decision.state();
        }
        assertEquals(List.of(2 * SECOND, SECOND, 0L), state.restarts());
    }

    @Test
    void decide_oneRestartMoreThanIntensityWithinPeriod_terminatesNamingChildAndExit() {
        SupervisorState state = oneForOne(3);
        for (int i = 0; i < 3; i++) {
            state = RestartPolicy.decide(state, "b", FAILURE, i * SECOND).state();
        }
        ExitReason last = new ExitReason.Failure(new IllegalStateException("fourth"));

        Decision decision = RestartPolicy.decide(state, "b", last, 4 * SECOND);

        ExitReason expected = new ExitReason.Escalated("s", "b", last, 3, Duration.ofSeconds(5));
        assertEquals(new Terminate(expected, List.of("c", "a")), decision.action());
        assertEquals(List.of(), SupervisorState.running(decision.state().children()));
    }

    @Test
    void decide_restartsOlderThanPeriod_doNotCount() {
        SupervisorState state = oneForOne(1);
        long now = 0;
        for (int i = 0; i < 10; i++) {
            now += 5 * SECOND + 1;
            Decision decision = RestartPolicy.decide(state, "b", FAILURE, now);
            assertEquals(new Restart(List.of(), List.of("b")), decision.action(), "restart " + (i + 1));
            state = decision.state();
            assertEquals(List.of(now), state.restarts());
        }
    }

    @Test
    void decide_restartExactlyOnePeriodOld_stillCounts() {
        SupervisorState state = RestartPolicy.decide(oneForOne(1), "b", FAILURE, 0).state();

        Decision decision = RestartPolicy.decide(state, "b", FAILURE, 5 * SECOND);

        assertTrue(decision.action() instanceof Terminate, "the window is inclusive, as OTP's add_restart");
    }

    @Test
    void decide_intensityZero_firstRestartTerminates() {
        Decision decision = RestartPolicy.decide(oneForOne(0), "a", FAILURE, 0);

        assertEquals(new Terminate(new ExitReason.Escalated("s", "a", FAILURE, 0, Duration.ofSeconds(5)),
                List.of("c", "b")), decision.action());
    }

    @Test
    void decide_exitsThatNeedNoRestart_doNotCountTowardsIntensity() {
        SupervisorState state = started(SupervisorSpec.builder().intensity(0)
                .child(spec("t", RestartType.TRANSIENT))
                .child(spec("tmp", RestartType.TEMPORARY)));

        state = RestartPolicy.decide(state, "t", ExitReason.NORMAL, 0).state();
        Decision decision = RestartPolicy.decide(state, "tmp", FAILURE, 0);

        assertSame(Decision.CONTINUE, decision.action());
        assertEquals(List.of(), decision.state().restarts());
    }

    // ---- auto-shutdown ------------------------------------------------------------------------------

    @Test
    void decide_anySignificantChildEndsWithoutRestart_terminatesWithShutdown() {
        SupervisorState state = started(SupervisorSpec.builder().autoShutdown(AutoShutdown.ANY_SIGNIFICANT)
                .child(spec("a", RestartType.PERMANENT))
                .child(significant("s", RestartType.TRANSIENT))
                .child(significant("t", RestartType.TEMPORARY)));

        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of("t", "a")),
                RestartPolicy.decide(state, "s", ExitReason.NORMAL, 0).action());
        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of("t", "a")),
                RestartPolicy.decide(state, "s", ExitReason.SHUTDOWN, 0).action());
        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of("s", "a")),
                RestartPolicy.decide(state, "t", FAILURE, 0).action(), "a temporary ends on failure too");
        assertEquals(new Restart(List.of(), List.of("s")),
                RestartPolicy.decide(state, "s", FAILURE, 0).action(), "a failed transient is restarted");
    }

    @Test
    void decide_allSignificantChildrenEnd_terminatesOnlyAfterTheLast() {
        SupervisorState state = started(SupervisorSpec.builder().autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                .child(spec("a", RestartType.PERMANENT))
                .child(significant("s1", RestartType.TRANSIENT))
                .child(significant("s2", RestartType.TEMPORARY))
                .child(spec("plain", RestartType.TEMPORARY)));

        Decision afterPlain = RestartPolicy.decide(state, "plain", ExitReason.NORMAL, 0);
        assertSame(Decision.CONTINUE, afterPlain.action(), "not significant");
        Decision afterFirst = RestartPolicy.decide(afterPlain.state(), "s1", ExitReason.NORMAL, 0);
        assertSame(Decision.CONTINUE, afterFirst.action(), "s2 still runs");
        Decision afterSecond = RestartPolicy.decide(afterFirst.state(), "s2", FAILURE, 0);

        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of("a")), afterSecond.action());
    }

    @Test
    void decide_allSignificantSimpleOneForOne_terminatesWhenLastDynamicChildEnds() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .autoShutdown(AutoShutdown.ALL_SIGNIFICANT).child(significant("w", RestartType.TEMPORARY)));
        state = RestartPolicy.startDynamic(state, List.of()).state();
        state = RestartPolicy.startDynamic(state, List.of()).state();

        Decision first = RestartPolicy.decide(state, "w#2", ExitReason.NORMAL, 0);
        assertSame(Decision.CONTINUE, first.action());
        Decision last = RestartPolicy.decide(first.state(), "w#1", ExitReason.NORMAL, 0);

        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of()), last.action());
    }

    // ---- start and shutdown -------------------------------------------------------------------------

    @Test
    void start_staticChildren_startsAllInSpecOrder() {
        Decision decision = RestartPolicy.start(SupervisorState.initial(SupervisorSpec.builder()
                .child(spec("a", RestartType.PERMANENT)).child(spec("b", RestartType.TEMPORARY)).build()));

        assertEquals(new Start(List.of("a", "b")), decision.action());
    }

    @Test
    void shutdown_runningChildren_stopsInReverseStartOrder() {
        Decision decision = RestartPolicy.shutdown(abc(Strategy.ONE_FOR_ONE, RestartType.PERMANENT));

        assertEquals(new Terminate(ExitReason.SHUTDOWN, List.of("c", "b", "a")), decision.action());
    }

    @Test
    void startDynamic_twice_givesNumberedIdsAndKeepsArgs() {
        SupervisorState state = started(SupervisorSpec.builder().strategy(Strategy.SIMPLE_ONE_FOR_ONE)
                .child(spec("job", RestartType.TRANSIENT)));

        Decision first = RestartPolicy.startDynamic(state, List.of("x", 1));
        Decision second = RestartPolicy.startDynamic(first.state(), List.of("y"));

        assertEquals(new Start(List.of("job#1")), first.action());
        assertEquals(new Start(List.of("job#2")), second.action());
        assertEquals(List.of("x", 1), second.state().child("job#1").orElseThrow().args());
    }

    @Test
    void startDynamic_staticSupervisor_throwsNamingStrategy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RestartPolicy.startDynamic(abc(Strategy.ONE_FOR_ALL, RestartType.PERMANENT), List.of()));

        assertTrue(e.getMessage().contains("ONE_FOR_ALL"), e.getMessage());
    }
}
