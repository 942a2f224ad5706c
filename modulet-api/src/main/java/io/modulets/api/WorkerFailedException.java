package io.modulets.api;

/**
 * The failure of a job whose body succeeded but one of whose workers failed without anyone
 * {@linkplain Worker#join joining} it. The cause is the worker's exception; the message names the worker and
 * the job.
 */
public class WorkerFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure of the worker {@code worker} of the job {@code jobId}. */
    public WorkerFailedException(String jobId, String worker, Throwable cause) {
        super("worker '" + worker + "' of job " + jobId + " failed and was never joined: " + cause, cause);
    }
}
