package io.modulets.runtime.job;

import io.modulets.api.Job;
import io.modulets.api.JobContext;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.api.Worker;
import io.modulets.api.WorkerFailedException;
import io.modulets.runtime.JobInfo;
import io.modulets.runtime.JobState;
import io.modulets.runtime.RuntimeEvent.JobOutcome;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.supervisor.ExitReason;
import io.modulets.supervisor.Supervisor;
import io.modulets.supervisor.SupervisorSpec;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One submitted job (rule 9): the handle its submitter holds. The context its code sees is a separate object,
 * {@link Context}, so module code cannot cast its context to the handle and cancel or await itself.
 *
 * <p>Design: {@code active} counts the body plus every worker not yet ended. It starts at 1 for the body;
 * {@link #spawn} increments it only from a positive value, so once it reaches 0 nothing can start again, and
 * the thread that brings it to 0 finishes the job exactly once, in {@link #finish}. Cancellation sets {@code cancelReason} once and interrupts the body thread and every thread in {@code spawned.threads}; a
 * thread added concurrently checks the reason after adding itself, so none escapes the interrupt.
 *
 * <p>Supervision ({@link #supervise}): the tree's child threads come from this job's thread factory, so each
 * one counts in {@code active} (the job cannot end, nor give its lease back, while a child thread runs, even an
 * abandoned one) and has the job's loader as context loader. They are deliberately not in {@code threads}:
 * cancel must not interrupt them all at once (a supervisor would see permanent children exit and restart
 * them); it interrupts the thread blocked in {@code supervise}, which closes the supervisor, and the
 * supervisor stops its children in reverse start order, each within its shutdown timeout.
 */
final class JobRun<R> implements JobHandle<R> {

    private final String id;
    private final long sequence;
    /** When it was submitted, in epoch milliseconds (cheaper than an {@code Instant} on the submit path). */
    private final long startedMillis = System.currentTimeMillis();
    private final JobSpec spec;
    private final NamespaceInfo namespaceInfo;
    private final JobLauncher launcher;
    private final Outcome<R> outcome = new Outcome<>();
    private static final VarHandle ACTIVE;
    private static final VarHandle CANCEL_REASON;
    /**
     * Taken once by {@link #finish}: the lease is given back only by the call that took it. A lease count cannot
     * tell whose lease a release gives back (a second release of one job, while another job holds a lease on
     * the same stripe, would look like that job's and could retire the namespace under it), so the guard against
     * a double release lives here, with the job.
     */
    private static final VarHandle NAMESPACE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ACTIVE = lookup.findVarHandle(JobRun.class, "active", int.class);
            CANCEL_REASON = lookup.findVarHandle(JobRun.class, "cancelReason", Exception.class);
            NAMESPACE = lookup.findVarHandle(JobRun.class, "namespace", Namespace.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The body and the workers and supervised threads not ended yet; updated through {@link #ACTIVE}. */
    private volatile int active;
    /** Why the job is being cancelled, set once through {@link #CANCEL_REASON}; null while it is not. */
    private volatile Exception cancelReason;
    private volatile Thread bodyThread;
    private volatile Spawned spawned; // made by the first spawn or supervise: most jobs never need it
    /** This job's stripe (of its namespace's lease count and of the launcher's table of running jobs) and slot. */
    final int stripe;
    int runningSlot;
    /**
     * When it was submitted, by {@code System.nanoTime()}, if a flight recording took job events then; else 0 (a
     * submit with no recording reads no clock). Set before the body thread starts, which publishes it.
     */
    long submittedNanos;
    // Set before the body thread starts (which publishes them to it) and cleared by finish(), only so that a
    // kept handle pins nothing; a thread that reads one after that also sees active == 0 and stops there.
    private Namespace namespace;
    private ClassLoader loader;
    private JobFactory factory;
    private volatile Future<?> timeout;
    private R bodyResult;
    private Throwable bodyFailure;

    JobRun(long sequence, int stripe, JobSpec spec, Namespace namespace, ClassLoader loader, JobFactory factory, JobLauncher launcher) {
        this.id = "job-" + sequence;
        this.sequence = sequence;
        this.stripe = stripe;
        this.spec = spec;
        this.namespace = namespace;
        this.namespaceInfo = namespace.info();
        this.loader = loader;
        this.factory = factory;
        this.launcher = launcher;
        ACTIVE.set(this, 1); // a plain write: the body thread's start publishes it, and a fence here costs on every submit
    }

    /** The workers and threads a job starts besides its body. */
    private static final class Spawned {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Queue<WorkerRun<?>> workers = new ConcurrentLinkedQueue<>();
        final AtomicInteger supervisedThreads = new AtomicInteger();
    }

    private Spawned spawned() {
        Spawned s = spawned;
        if (s == null) {
            synchronized (this) {
                s = spawned;
                if (s == null) {
                    spawned = s = new Spawned();
                }
            }
        }
        return s;
    }

    void start() {
        Thread body = launcher.newThread(id, loader, this::runBody);
        bodyThread = body;
        body.start();
        if (cancelReason != null) {
            body.interrupt(); // timed out or cancelled before it started
        }
    }

    void timeoutAfter(Future<?> timer) {
        this.timeout = timer;
    }

    /** Cancels the job's timeout, if it has one: the job has ended, or will not start after all. */
    void cancelTimeout() {
        Future<?> timer = timeout;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @SuppressWarnings("unchecked")
    private void runBody() {
        try {
            Job<R> job = (Job<R>) factory.newJob();
            bodyResult = job.run(new Context());
        } catch (Throwable t) {
            bodyFailure = t;
        } finally {
            taskEnded();
        }
    }

    // ---- the context module code sees ----

    /**
     * What a job's code sees of its job: its id, arguments and namespace, and the means to start workers and
     * supervision trees inside its scope. Not the handle: code cannot cancel or await its own job through it.
     */
    private final class Context implements JobContext {


        @Override
        public String jobId() {
            return id;
        }

        @Override
        public Map<String, String> args() {
            return spec.args();
        }

        @Override
        public NamespaceInfo namespace() {
            return namespaceInfo;
        }

        @Override
        public <T> Worker<T> spawn(String name, Callable<T> body) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(body, "body");
            for (;;) {
                int n = active;
                if (n == 0) {
                    throw new IllegalStateException("job " + id + " has ended: it cannot start worker '" + name + "'");
                }
                if (cancelReason != null) {
                    throw new IllegalStateException("job " + id + " is being cancelled: it cannot start worker '" + name + "'");
                }
                if (ACTIVE.compareAndSet(JobRun.this, n, n + 1)) {
                    break;
                }
            }
            Spawned extra = spawned();
            WorkerRun<T> worker = new WorkerRun<>(JobRun.this, name, body);
            extra.workers.add(worker);
            Thread thread = launcher.newThread(id + "/" + name, loader, worker);
            extra.threads.add(thread);
            thread.start();
            if (cancelReason != null) {
                thread.interrupt(); // cancelled while we were adding it
            }
            return worker;
        }

        @Override
        public ExitReason supervise(SupervisorSpec spec) throws InterruptedException {
            Objects.requireNonNull(spec, "spec");
            ClassLoader jobLoader = loader;
            if (active == 0 || jobLoader == null) {
                throw new IllegalStateException("job " + id + " has ended: it cannot run supervisor '" + spec.name() + "'");
            }
            if (spec.threadFactory().isPresent()) {
                throw new IllegalArgumentException("supervisor '" + spec.name() + "' sets its own thread factory, but job "
                        + id + " makes the threads of the trees it supervises; drop threadFactory(..) from the spec");
            }
            if (spec.contextClassLoader().isPresent() && spec.contextClassLoader().get() != jobLoader) {
                throw new IllegalArgumentException("supervisor '" + spec.name() + "' sets a context class loader other "
                        + "than job " + id + "'s module loader; a job's children always run its own snapshot, so drop "
                        + "contextClassLoader(..) from the spec");
            }
            if (cancelReason != null) {
                throw new InterruptedException("job " + id + " is being cancelled: it does not start supervisor '" + spec.name() + "'");
            }
            Supervisor tree = Supervisor.start(spec.withContextClassLoader(jobLoader)
                    .withThreadFactory(body -> supervisedThread(spec.name(), body)));
            try {
                return tree.awaitTermination();
            } catch (InterruptedException e) {
                tree.close(); // ordered shutdown; waits for the tree and keeps the interrupt status
                throw e;
            }
        }

        /** A child thread of a supervisor run by this job: counted in {@code active} until its body has ended. */
        private Thread supervisedThread(String supervisor, Runnable body) {
            for (;;) {
                int n = active;
                if (n == 0) {
                    throw new IllegalStateException("job " + id + " has ended: supervisor '" + supervisor + "' cannot start a child");
                }
                if (ACTIVE.compareAndSet(JobRun.this, n, n + 1)) {
                    break;
                }
            }
            try {
                return launcher.newThread(id + "/" + supervisor + "#" + spawned().supervisedThreads.incrementAndGet(), loader, () -> {
                    try {
                        body.run();
                    } finally {
                        taskEnded();
                    }
                });
            } catch (RuntimeException | Error e) {
                taskEnded();
                throw e;
            }
        }
    }

    // ---- JobHandle ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public NamespaceInfo namespace() {
        return namespaceInfo;
    }

    @Override
    public Uni<R> result() {
        return Infrastructure.onUniCreation(outcome);
    }

    @Override
    public void cancel() {
        cancel(new CancellationException("job " + id + " was cancelled"));
    }

    void cancel(Exception reason) {
        if (active > 0 && CANCEL_REASON.compareAndSet(this, null, reason)) {
            Thread body = bodyThread;
            if (body != null) {
                body.interrupt();
            }
            Spawned extra = spawned;
            if (extra != null) {
                for (Thread thread : extra.threads) {
                    thread.interrupt();
                }
            }
        }
    }

    @Override
    public boolean isDone() {
        return outcome.isDone();
    }

    /** The job's spec. */
    JobSpec spec() {
        return spec;
    }

    /** Its submit order: a later job has a higher one. */
    long sequence() {
        return sequence;
    }

    /** When it was submitted, in epoch milliseconds. */
    long startedMillis() {
        return startedMillis;
    }

    /** What {@code jobs()} shows of it while it runs: running, or being cancelled. */
    JobInfo info() {
        JobState state = cancelReason != null ? JobState.CANCELLING
                : JobState.RUNNING;
        return new JobInfo(id, spec.module(), spec.jobClass(), namespaceInfo,
                Instant.ofEpochMilli(startedMillis), state, null, null);
    }

    // ---- ending ----

    /** Called by the body and by every worker as their thread ends. */
    void taskEnded() {
        Thread current = Thread.currentThread();
        if (current == bodyThread) {
            bodyThread = null;
        } else {
            Spawned extra = spawned;
            if (extra != null) {
                extra.threads.remove(current);
            }
        }
        if ((int) ACTIVE.getAndAdd(this, -1) == 1) {
            finish();
        }
    }

    /**
     * Ends the job, once, on the thread that ended it last. The order of a job's end is the same on every path
     * (succeeded, failed, cancelled, timed out) and is written down only here:
     * <ol>
     *   <li>its timeout is cancelled; it is listed among the ended jobs (with its WARN line if it failed), then its
     *       outcome is settled: {@link #isDone()} is true, an await or a
     *       subscription from now on gets the outcome at once, and the job no longer counts in
     *       {@code runningJobs()};</li>
     *   <li>{@code JobEnded} is published;</li>
     *   <li>its slot in the table of running jobs is freed: only now does {@code close()} see the job gone, so
     *       it cannot return before the outcome and the {@code JobEnded} of a job it waited for;</li>
     *   <li>its lease is given back; if that was the last lease of a namespace that is not current, the
     *       namespace is retired, and the reaper's work (the {@code Retired} event, the loaders) follows on the
     *       control thread, after this job's {@code JobEnded};</li>
     *   <li>the subscribers that were already waiting for the result are told, on this thread. Their callbacks
     *       run after the lease is given back, so a slow one holds nothing of the runtime's; module classes
     *       they touch still load (a retired loader serves for as long as it is reachable).</li>
     * </ol>
     */
    private void finish() {
        cancelTimeout();
        Exception cancelled = cancelReason;
        Throwable failure = decideFailure(cancelled);
        JobOutcome how = cancelled instanceof TimeoutException ? JobOutcome.TIMED_OUT
                : cancelled != null ? JobOutcome.CANCELLED
                : failure != null ? JobOutcome.FAILED : JobOutcome.SUCCEEDED;
        Namespace bound = (Namespace) NAMESPACE.getAndSet(this, (Namespace) null); // the handle may outlive it: pin nothing
        if (bound == null) {
            throw new IllegalStateException(this + " ended twice: its lease was given back already");
        }
        R result = bodyResult;
        loader = null;
        factory = null;
        bodyResult = null;
        bodyFailure = null; // when cancelled it is not the outcome, and its stack trace pins the module's classes
        spawned = null;
        String failureLine = null;
        try {
            failureLine = launcher.recorded(this, bound, how, failure); // listed as ended before isDone() says so
        } finally { // whatever recording did, the job ends: settled, reported, its slot and lease given back
            outcome.settle(result, failure);
            try {
                launcher.published(this, bound, how, failure, failureLine);
            } finally {
                try {
                    launcher.ended(this, bound);
                } finally {
                    outcome.tellSubscribers();
                }
            }
        }
    }

    /** The job's failure: its cancellation, else the body's failure, else a worker's that nobody joined. */
    private Throwable decideFailure(Exception cancelled) {
        Throwable failure = cancelled != null ? cancelled : bodyFailure;
        Spawned extra = spawned;
        for (WorkerRun<?> worker : extra == null ? List.<WorkerRun<?>>of() : extra.workers) {
            Throwable lost = worker.unobservedFailure();
            if (lost != null && failure == null) {
                failure = new WorkerFailedException(id, worker.name(), lost);
            } else if (lost != null && failure != lost && !(cancelled != null && lost instanceof InterruptedException)) {
                failure.addSuppressed(lost); // a worker's InterruptedException after a cancel is only its echo
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return "job " + id + " (" + spec + " in " + namespaceInfo.id() + ")";
    }
}
