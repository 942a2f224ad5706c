package io.modulets.supervisor;

import java.util.List;

/**
 * What a running child knows about itself. One instance per run: a restarted child gets a new one.
 * Safe to use from any thread; every method is non-blocking and never returns null.
 */
public interface ChildContext {

    /**
     * The child's id: the id of its spec, or for a child of a {@link Strategy#SIMPLE_ONE_FOR_ONE}
     * supervisor the spec id followed by {@code #} and a number unique within the supervisor
     * (for example {@code worker#3}). A restarted child keeps its id.
     *
     * @return the child id
     */
    String id();

    /**
     * The {@linkplain SupervisorSpec#name() name} of the supervisor that runs this child.
     *
     * @return the supervisor name
     */
    String supervisor();

    /**
     * The arguments given to {@link Supervisor#startChild(Object...)}; empty for a child started from its
     * supervisor's spec. A restarted dynamic child gets the same arguments again.
     *
     * @return an unmodifiable list without null elements
     */
    List<Object> args();

    /**
     * Whether the supervisor has asked this run to stop. The supervisor also interrupts the thread, so a
     * body that blocks needs no polling; this flag is for bodies that compute without blocking.
     *
     * @return true once a stop was requested
     */
    boolean stopRequested();
}
