package io.modulets.api;

/**
 * The entry point of a unit of work, implemented by module code.
 *
 * <p>A job class must be public, have a public no-argument constructor and implement this interface. The
 * runtime creates one instance per submitted job, in the job's namespace, and calls {@link #run} once on a
 * virtual thread whose context class loader is the job's module loader.
 *
 * <p>A job is a structured scope: it ends when {@code run} has returned (or thrown) and every
 * {@link JobContext#spawn worker} it started has ended. Only then is its result published and its lease on
 * the namespace given back.
 *
 * <p>Cancellation arrives as an interrupt: a long-running job should let {@link InterruptedException}
 * propagate, or check {@link Thread#isInterrupted()} in its loops.
 *
 * @param <R> the type of the job's result; prefer platform types (see the package documentation)
 */
@FunctionalInterface
public interface Job<R> {

    /**
     * Does the job's work.
     *
     * @param ctx the job's context: its id, arguments, namespace and the way to start workers; never null
     * @return the job's result, which becomes the item of {@link JobHandle#result()}; may be null
     * @throws Exception any failure, which becomes the failure of {@link JobHandle#result()}; it never
     *     disturbs the runtime or other jobs
     */
    R run(JobContext ctx) throws Exception;
}
