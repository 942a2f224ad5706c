package io.modulets.supervisor;

import io.modulets.supervisor.Decision.Restart;
import io.modulets.supervisor.Decision.Start;
import io.modulets.supervisor.Decision.Terminate;
import io.modulets.supervisor.SupervisorState.Child;
import java.util.ArrayList;
import java.util.List;

/**
 * Every decision a supervisor makes, as pure functions from its state (and an event) to a {@link Decision}.
 * Follows OTP's {@code supervisor.erl}: {@code do_restart/3} for the restart type, {@code add_restart/1}
 * for intensity, {@code restart/3} for the strategies and {@code do_auto_shutdown/2} for significant
 * children. No threads, no clock, no side effects.
 */
final class RestartPolicy {

    private RestartPolicy() {
    }

    /** Starting the supervisor: every static child, in spec order. */
    static Decision start(SupervisorState state) {
        List<Child> started = state.children().stream().map(c -> c.running(true)).toList();
        return new Decision(state.withChildren(started), new Start(SupervisorState.running(started)));
    }

    /** {@code startChild(args)} on a SIMPLE_ONE_FOR_ONE supervisor. */
    static Decision startDynamic(SupervisorState state, List<Object> args) {
        if (state.spec().strategy() != Strategy.SIMPLE_ONE_FOR_ONE) {
            throw new IllegalStateException("supervisor '" + state.spec().name() + "' is "
                    + state.spec().strategy() + "; only SIMPLE_ONE_FOR_ONE supervisors start children on demand");
        }
        SupervisorState next = state.withDynamicChild(args);
        return new Decision(next, new Start(List.of(next.children().getLast().id())));
    }

    /** A shutdown request: stop everything that runs, last started first, and end with Shutdown. */
    static Decision shutdown(SupervisorState state) {
        return terminate(state, ExitReason.SHUTDOWN);
    }

    /**
     * The child {@code childId} has exited with {@code exit} at time {@code now} (nanoseconds of the spec's
     * clock). An id that is not a running child is ignored.
     */
    static Decision decide(SupervisorState state, String childId, ExitReason exit, long now) {
        Child child = state.child(childId).filter(Child::running).orElse(null);
        if (child == null) {
            return new Decision(state, Decision.CONTINUE);
        }
        if (mustRestart(child.spec().restart(), exit)) {
            return restart(state, child, exit, now);
        }
        return autoShutdown(state.withEnded(childId), child);
    }

    /** OTP's do_restart/3: permanent always, transient on an abnormal exit, temporary never. */
    static boolean mustRestart(RestartType type, ExitReason exit) {
        return switch (type) {
            case PERMANENT -> true;
            case TRANSIENT -> exit.isAbnormal();
            case TEMPORARY -> false;
        };
    }

    private static Decision restart(SupervisorState state, Child child, ExitReason exit, long now) {
        SupervisorSpec spec = state.spec();
        List<Long> restarts = RestartWindow.add(state.restarts(), now, spec.period().toNanos());
        SupervisorState counted = state.withRestarts(restarts);
        if (RestartWindow.exceeded(restarts, spec.intensity())) {
            ExitReason reason = new ExitReason.Escalated(spec.name(), child.id(), exit, spec.intensity(),
                    spec.period());
            return terminate(counted.withEnded(child.id()), reason);
        }
        return switch (spec.strategy()) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE ->
                    new Decision(counted, new Restart(List.of(), List.of(child.id())));
            case ONE_FOR_ALL -> restartFrom(counted, 0, child);
            case REST_FOR_ONE -> restartFrom(counted, counted.indexOf(child.id()), child);
        };
    }

    /**
     * Stops the running children from index {@code from} on except {@code exited} (last started first),
     * drops the temporary ones among them, and starts {@code exited} and the rest again in start order.
     */
    private static Decision restartFrom(SupervisorState state, int from, Child exited) {
        List<Child> children = state.children();
        List<Child> head = children.subList(0, from);
        List<Child> tail = children.subList(from, children.size());
        List<String> stop = tail.stream().filter(c -> c.running() && !c.id().equals(exited.id()))
                .map(Child::id).toList().reversed();
        List<Child> restarted = tail.stream()
                .filter(c -> c.id().equals(exited.id()) || c.spec().restart() != RestartType.TEMPORARY)
                .map(c -> c.running(true)).toList();
        List<Child> after = new ArrayList<>(head);
        after.addAll(restarted);
        return new Decision(state.withChildren(after),
                new Restart(stop, restarted.stream().map(Child::id).toList()));
    }

    /** OTP's do_auto_shutdown/2, applied after {@code ended} ended without a restart. */
    private static Decision autoShutdown(SupervisorState state, Child ended) {
        AutoShutdown rule = state.spec().autoShutdown();
        if (rule == AutoShutdown.NEVER || !ended.spec().significant()) {
            return new Decision(state, Decision.CONTINUE);
        }
        boolean shutDown = switch (rule) {
            case ANY_SIGNIFICANT -> true;
            case ALL_SIGNIFICANT -> state.spec().strategy() == Strategy.SIMPLE_ONE_FOR_ONE
                    ? state.children().isEmpty()
                    : state.children().stream().noneMatch(c -> c.running() && c.spec().significant());
            case NEVER -> false;
        };
        return shutDown ? terminate(state, ExitReason.SHUTDOWN) : new Decision(state, Decision.CONTINUE);
    }

    private static Decision terminate(SupervisorState state, ExitReason reason) {
        List<String> stop = state.stopOrder();
        List<Child> stopped = state.children().stream().map(c -> c.running(false)).toList();
        return new Decision(state.withChildren(stopped), new Terminate(reason, stop));
    }
}
