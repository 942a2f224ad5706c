package io.modulets.api;

import io.modulets.supervisor.ExitReason;
import io.modulets.supervisor.SupervisorSpec;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What a running job knows about itself, and the way it starts workers.
 *
 * <p>A context belongs to one job. It may be used from the job's own thread and from any of its workers;
 * all methods are thread-safe. It must not be used after the job has ended.
 */
public interface JobContext {

    /** The job's id, unique within the runtime, the same as {@link JobHandle#id()}. */
    String jobId();

    /** The job's arguments as given by {@link JobSpec#withArg}; immutable, never null. */
    Map<String, String> args();

    /**
     * The argument named {@code key}.
     *
     * @throws IllegalArgumentException if the job was submitted without it; the message names the key and
     *     the arguments that were given
     */
    default String arg(String key) {
        String value = args().get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "job " + jobId() + " has no argument '" + key + "' (arguments given: " + args().keySet() + ")");
        }
        return value;
    }

    /** The namespace this job is bound to, for its whole life. */
    NamespaceInfo namespace();

    /**
     * Starts a worker: {@code body} runs on a new virtual thread that shares this job's namespace (its context
     * class loader is the job's module loader). The job does not end before the worker has ended, and
     * cancelling the job interrupts the worker.
     *
     * <p>A worker's failure is reported to whoever {@linkplain Worker#join joins} it. A worker that fails and
     * is never joined makes the whole job fail with that exception once everything has ended, so no failure
     * is lost.
     *
     * @param name a name for the worker, used in its thread name and in error messages; not null
     * @param body the work; not null
     * @return a handle to join the worker
     * @throws IllegalStateException if the job has already ended or is being cancelled
     */
    <T> Worker<T> spawn(String name, Callable<T> body);

    /**
     * Runs a supervision tree inside this job and waits until it has ended. This is how a job supervises its
     * workers the OTP way: restarts by strategy and intensity, ordered shutdown, auto-shutdown.
     *
     * <p><b>The rule.</b> Every child of the tree runs on a virtual thread whose context class loader is this
     * job's module loader, and a restarted child runs this job's snapshot, never a newer version: the job's
     * view never changes, and new code reaches a job only as a new job. The job does not end (and gives its
     * namespace back) before the tree has ended and every child thread the tree started has ended.
     * Cancelling the job, or its timing out, shuts the tree down in order (reverse start order, each child
     * within its shutdown timeout) before this method throws {@link InterruptedException}.
     *
     * <p><b>The job decides what the tree's end means.</b> The tree's end is returned as a value, never
     * thrown: {@link ExitReason.Shutdown} after an auto-shutdown or a {@code shutdown()}, and
     * {@link ExitReason.Escalated} when a child failed more often than the restart intensity allows. A job
     * whose tree gave up usually fails too:
     * <pre>{@code
     * ExitReason how = ctx.supervise(spec);
     * if (how.isAbnormal()) {
     *     throw new IllegalStateException("the tree gave up: " + how, how.failure().orElse(null));
     * }
     * }</pre>
     *
     * <p>The spec must not set its own {@linkplain SupervisorSpec#threadFactory() thread factory} or a
     * {@linkplain SupervisorSpec#contextClassLoader() context class loader} other than the job's: the job
     * makes its children's threads. May be called from the job's body or any of its workers, more than once
     * and concurrently (each call runs its own tree).
     *
     * @param spec the tree to run; not null
     * @return how the tree ended
     * @throws InterruptedException     if the job was cancelled or timed out (or the calling thread was
     *                                  interrupted); the tree has then been shut down and has ended
     * @throws IllegalArgumentException if the spec sets a thread factory or another context class loader
     * @throws IllegalStateException    if the job has already ended
     */
    ExitReason supervise(SupervisorSpec spec) throws InterruptedException;
}
