package io.modulets.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole state of one supervisor as an immutable value: its spec, its children in start order, and the
 * times of its recent restarts. Only {@link RestartPolicy} makes new states; the shell keeps the current
 * one.
 *
 * @param spec         the supervisor's spec
 * @param children     the children in start order; for SIMPLE_ONE_FOR_ONE only the live dynamic ones
 * @param restarts     the restart times (nanoseconds from the spec's clock) still inside the period,
 *                     newest first
 * @param dynamicCount how many dynamic children were ever added, for their ids
 */
record SupervisorState(SupervisorSpec spec, List<Child> children, List<Long> restarts, long dynamicCount) {

    /**
     * One child as the supervisor sees it.
     *
     * @param id      the child id (spec id, or spec id + "#n" for a dynamic child)
     * @param spec    the child's spec
     * @param args    the startChild arguments (empty for static children)
     * @param running whether a run of it is under way (or about to start)
     */
    record Child(String id, ChildSpec spec, List<Object> args, boolean running) {
        Child {
            args = List.copyOf(args);
        }

        Child running(boolean running) {
            return new Child(id, spec, args, running);
        }

        /** A temporary child or a dynamic one disappears when it ends; the others stay, not running. */
        boolean removedWhenEnded(Strategy strategy) {
            return spec.restart() == RestartType.TEMPORARY || strategy == Strategy.SIMPLE_ONE_FOR_ONE;
        }
    }

    SupervisorState {
        children = List.copyOf(children);
        restarts = List.copyOf(restarts);
    }

    /** The state of a supervisor that has not started anything yet. */
    static SupervisorState initial(SupervisorSpec spec) {
        List<Child> children = spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE ? List.of()
                : spec.children().stream().map(c -> new Child(c.id(), c, List.of(), false)).toList();
        return new SupervisorState(spec, children, List.of(), 0);
    }

    Optional<Child> child(String id) {
        return children.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    int indexOf(String id) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** The ids of the running children, last started first: the order to stop them in. */
    List<String> stopOrder() {
        return running(children).reversed();
    }

    static List<String> running(List<Child> children) {
        return children.stream().filter(Child::running).map(Child::id).toList();
    }

    SupervisorState withChildren(List<Child> newChildren) {
        return new SupervisorState(spec, newChildren, restarts, dynamicCount);
    }

    SupervisorState withRestarts(List<Long> newRestarts) {
        return new SupervisorState(spec, children, newRestarts, dynamicCount);
    }

    /** This state with one more running dynamic child, the last in start order. */
    SupervisorState withDynamicChild(List<Object> args) {
        ChildSpec template = spec.children().getFirst();
        long n = dynamicCount + 1;
        List<Child> more = new ArrayList<>(children);
        more.add(new Child(template.id() + "#" + n, template, args, true));
        return new SupervisorState(spec, more, restarts, n);
    }

    /** This state after the child {@code id} ended and is not restarted. */
    SupervisorState withEnded(String id) {
        List<Child> after = new ArrayList<>(children.size());
        for (Child c : children) {
            if (!c.id().equals(id)) {
                after.add(c);
            } else if (!c.removedWhenEnded(spec.strategy())) {
                after.add(c.running(false));
            }
        }
        return withChildren(after);
    }
}
