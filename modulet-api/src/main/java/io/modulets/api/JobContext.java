package io.modulets.api;

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
}
