package io.modulets.runtime.job;

import io.modulets.api.Worker;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A worker of a {@link JobRun}: its body, its outcome, and whether anyone asked for it. */
final class WorkerRun<T> implements Worker<T>, Runnable {

    private final JobRun<?> job;
    private final String name;
    private final Callable<T> body;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private volatile boolean joined; // someone received the outcome through join

    WorkerRun(JobRun<?> job, String name, Callable<T> body) {
        this.job = job;
        this.name = name;
        this.body = body;
    }

    @Override
    public void run() {
        try {
            outcome.complete(body.call());
        } catch (Throwable t) {
            outcome.completeExceptionally(t);
        } finally {
            job.taskEnded();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public T join() throws Exception {
        return observe(outcome::get);
    }

    @Override
    public T join(Duration timeout) throws Exception {
        return observe(() -> outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Only a join that returns the worker's outcome observes it: one that times out or is interrupted does not. */
    private T observe(Callable<T> get) throws Exception {
        try {
            T value = get.call();
            joined = true;
            return value;
        } catch (ExecutionException e) {
            joined = true;
            throw rethrow(e.getCause());
        }
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    /** The worker's failure if it failed and nobody joined it, else null. */
    Throwable unobservedFailure() {
        if (joined || !outcome.isCompletedExceptionally()) {
            return null;
        }
        try {
            outcome.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    private static Exception rethrow(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return (Exception) cause;
    }

    @Override
    public String toString() {
        return "worker '" + name + "' of " + job.id();
    }
}
