package io.modulets.supervisor;

import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A running supervisor: it starts its children, restarts them by its spec's rules, and stops them in
 * reverse start order when it ends. Modelled on Erlang/OTP's {@code supervisor}; the project README's
 * supervision section says where it differs.
 *
 * <p><b>Threads.</b> Each child runs on its own thread, a virtual thread by default, whose context class
 * loader is the spec's (by default the one of the thread that called {@link #start(SupervisorSpec)}). The
 * supervisor itself is one loop on its own virtual thread that owns all of its state and handles one
 * message at a time: a child's exit, a {@link #startChild(Object...)} request, a {@link #shutdown()}. No
 * lock is held while user code runs. Every method of this interface is thread-safe and may be called from
 * any thread, including a child's, except where a method says otherwise.
 *
 * <p><b>Ending.</b> A supervisor ends exactly once, with an {@link ExitReason} value (never a thrown
 * exception): {@link ExitReason.Shutdown} after {@link #shutdown()} or an auto-shutdown,
 * {@link ExitReason.Escalated} when a restart would exceed its restart intensity, and
 * {@link ExitReason.Failure} only if the supervisor itself broke.
 *
 * <p><b>Stopping a child</b> means interrupting its thread and waiting up to its shutdown timeout for it to
 * end. A JVM thread cannot be killed: a child that ignores the interrupt past its timeout is abandoned
 * (reported with {@link SupervisorEvent.ChildAbandoned} and a WARN log line) and keeps running unsupervised
 * while the supervisor goes on.
 *
 * <p>Arguments are null-hostile.
 */
public interface Supervisor extends AutoCloseable {

    /**
     * Starts a supervisor and its children, in spec order, and returns once they are all started (their
     * threads are running; a child that has already failed is then being handled like any exit). A child
     * whose thread cannot be created counts as a child that failed at once.
     *
     * @param spec what to supervise
     * @return the running supervisor
     * @throws NullPointerException if {@code spec} is null
     */
    static Supervisor start(SupervisorSpec spec) {
        return SupervisorLoop.start(spec);
    }

    /** {@return the spec's name} */
    String name();

    /**
     * Starts one more child of a {@link Strategy#SIMPLE_ONE_FOR_ONE} supervisor from its child spec, and
     * waits until the supervisor has started it. The child sees {@code args} as
     * {@link ChildContext#args()}, again on every restart.
     *
     * @param args the child's arguments; none of them null
     * @return the new child's id: the spec id, {@code #} and a number unique within this supervisor
     * @throws NullPointerException  if {@code args} or one of its elements is null
     * @throws IllegalStateException if this supervisor is not SIMPLE_ONE_FOR_ONE, or is shutting down or
     *                               has ended
     * @throws InterruptedException  if the calling thread is interrupted while waiting; the child may still
     *                               start, supervised as usual
     */
    String startChild(Object... args) throws InterruptedException;

    /**
     * Asks the supervisor to stop its children in reverse start order and end with
     * {@link ExitReason.Shutdown}. Returns at once; idempotent; does nothing after the supervisor ended.
     */
    void shutdown();

    /**
     * Waits until the supervisor has ended. Do not call it from a child of this supervisor: the
     * supervisor would wait for that child to stop, and the child for the supervisor.
     *
     * @return why the supervisor ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    ExitReason awaitTermination() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until the supervisor has ended.
     *
     * @param timeout how long to wait
     * @return why it ended, or empty if it still runs after {@code timeout}
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    Optional<ExitReason> awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * The supervisor's end, for composition (for example with Mutiny's
     * {@code Uni.createFrom().completionStage(..)}). It completes normally, with the exit reason, once all
     * children are stopped or abandoned; it never completes exceptionally.
     *
     * @return a stage that completes with the exit reason
     */
    CompletionStage<ExitReason> termination();

    /**
     * The supervisor's events as a hot stream: a subscriber sees the events published after it subscribed,
     * in order, ending with {@link SupervisorEvent.SupervisorTerminated} and then completion; subscribing
     * after the end gives completion at once. Each subscriber has its own buffer of a few thousand events and
     * receives items on a virtual thread of its own (whose context class loader is this library's, never the
     * supervisor's), so a slow or non-requesting subscriber never blocks the supervisor or its children. A
     * subscriber that falls further behind fails with {@link io.smallrye.mutiny.subscription.BackPressureFailure},
     * logged once as a WARN, and gets no more events; the other subscribers go on.
     *
     * @return the event stream
     */
    Multi<SupervisorEvent> events();

    /**
     * Shuts the supervisor down and waits until it has ended. If the calling thread is interrupted it still
     * waits, and keeps its interrupt status. Do not call it from a child of this supervisor.
     */
    @Override
    void close();
}
