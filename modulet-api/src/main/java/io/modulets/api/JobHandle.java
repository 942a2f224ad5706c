package io.modulets.api;

import io.smallrye.mutiny.Uni;

/**
 * A submitted job, as its submitter sees it. Thread-safe.
 *
 * @param <R> the type of the job's result
 */
public interface JobHandle<R> {

    /** The job's id, unique within the runtime. */
    String id();

    /** The namespace the job is bound to, for its whole life. */
    NamespaceInfo namespace();

    /**
     * The job's outcome, published once the whole job has ended (its body and every worker): the value
     * {@link Job#run} returned, or its failure. A job that was cancelled fails with
     * {@link java.util.concurrent.CancellationException}, one that timed out with
     * {@link java.util.concurrent.TimeoutException}; a job whose class could not be loaded or instantiated
     * fails with a {@link JobSubmissionException} naming the module, version and cause.
     *
     * <p>The {@code Uni} may be subscribed to any number of times, before or after the job ended; each
     * subscriber sees the same outcome. Cancelling a subscription does not cancel the job: use
     * {@link #cancel()}.
     */
    Uni<R> result();

    /**
     * Cancels the job: interrupts its body and every worker. The result is published, and the lease given
     * back, once they have all ended. Does nothing if the job has already ended.
     */
    void cancel();

    /** Whether the job has ended and its result is published. */
    boolean isDone();
}
