package io.modulets.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A handle to a worker started with {@link JobContext#spawn}. Thread-safe.
 *
 * @param <T> the type of the worker's result
 */
public interface Worker<T> {

    /** The name given to {@link JobContext#spawn}. */
    String name();

    /**
     * Waits for the worker to end and returns its result.
     *
     * @throws Exception the exception the worker's body threw, as it was thrown, so a caller can catch its own
     *     exception types (a worker stopped by a cancel of its job typically throws
     *     {@link InterruptedException})
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    T join() throws Exception;

    /**
     * Waits at most {@code timeout} for the worker to end.
     *
     * @throws TimeoutException if the worker is still running after {@code timeout}; the worker goes on, and a
     *     failure it ends with later still fails the job unless a later join receives it
     * @throws Exception as for {@link #join()}
     */
    T join(Duration timeout) throws Exception;

    /** Whether the worker has ended, with a result or a failure. */
    boolean isDone();
}
