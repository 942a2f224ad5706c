package io.modulets.runtime;

/** Where a job is in its life, as {@link ModuletRuntime#jobs()} shows it. */
public enum JobState {
    /** Its body or a worker is still running. */
    RUNNING,
    /** It was cancelled (or timed out) and its threads have not all ended yet. */
    CANCELLING,
    /** It ended with a result. */
    SUCCEEDED,
    /** Its body or an unjoined worker threw. */
    FAILED,
    /** It was cancelled and has ended. */
    CANCELLED,
    /** Its timeout fired and it has ended. */
    TIMED_OUT;

    /** Whether the job has ended (its lease is given back). */
    public boolean ended() {
        return this != RUNNING && this != CANCELLING;
    }
}
