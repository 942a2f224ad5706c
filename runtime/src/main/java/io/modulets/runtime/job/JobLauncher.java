package io.modulets.runtime.job;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.RuntimeEvent.JobOutcome;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.jfr.JobEvent;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceRegistry;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Starts jobs (rule 8) and ends them (rule 9).
 *
 * <p>The submit path is: lease the current namespace (one atomic add on a stripe of its count), look up the job class's cached factory in
 * the module's loader (a map read), start a virtual thread. No lock, no disk, no loader per job, and no clock
 * reading unless a flight recording takes job events (then one, for the job's time). The job's
 * class is initialised and instantiated on its own thread, so a static initializer that throws fails that job
 * only, with a message naming the module and version.
 */
public final class JobLauncher {

    private static final Logger LOG = Logger.getLogger("io.modulets.job");

    /** How many ended jobs {@code jobs()} still shows. */
    public static final int ENDED_KEPT = 100;
    private static final ThreadFactory VIRTUAL_THREADS = Thread.ofVirtual().inheritInheritableThreadLocals(false).factory();

    private final NamespaceRegistry registry;
    private final EventHub<RuntimeEvent> events;
    private final ScheduledExecutorService timer;
    private final AtomicLong ids = new AtomicLong();
    private final SlotTable<JobRun<?>> running = new SlotTable<>();
    private volatile boolean accepting = true;

    public JobLauncher(NamespaceRegistry registry, EventHub<RuntimeEvent> events, ScheduledExecutorService timer) {
        this.registry = registry;
        this.events = events;
        this.timer = timer;
    }

    /**
     * Binds {@code spec} to the current namespace and starts it.
     *
     * @throws io.modulets.api.JobSubmissionException if the module or job class is not found or unusable; no
     *     lease is kept
     * @throws IllegalStateException if the runtime is closing
     */
    public <R> JobHandle<R> submit(JobSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (!accepting) {
            throw closed(spec);
        }
        long sequence = ids.incrementAndGet();
        long submitted = JobEvent.isRecorded() ? System.nanoTime() : 0L;
        int stripe = SlotTable.stripeOf(sequence);
        Namespace ns = registry.lease(stripe);
        JobRun<R> run;
        try {
            JobFactory factory = JobFactory.of(ns.jobClass(spec.module(), spec.jobClass()));
            run = new JobRun<>(sequence, stripe, spec, ns, ns.loader(spec.module()), factory, this);
        } catch (RuntimeException | Error e) {
            registry.release(ns, stripe);
            throw e;
        }
        run.submittedNanos = submitted;
        run.runningSlot = running.add(stripe, run);
        // The handshake with shutdown(): the job is in the table before we read `accepting` again, and shutdown()
        // clears `accepting` before it reads the table, so either we see it cleared and back out here, or it sees
        // the job and drains or cancels it. Never both missed. The fence orders the table's (release) write
        // before the read.
        VarHandle.fullFence();
        if (!accepting) {
            ended(run, ns);
            throw closed(spec);
        }
        try {
            if (spec.timeout() != null) {
                run.timeoutAfter(timer.schedule(() -> run.cancel(new TimeoutException(
                        "job " + run.id() + " timed out after " + spec.timeout())), spec.timeout().toNanos(), TimeUnit.NANOSECONDS));
            }
            if (events.hasSubscribers()) {
                events.publish(new RuntimeEvent.JobStarted(Instant.now(), run.id(), spec.jobClass(), ns.info()));
            }
            run.start();
        } catch (RuntimeException | Error e) { // e.g. the timer shut down by a concurrent close: the job never started
            run.cancelTimeout();
            ended(run, ns);
            throw e;
        }
        return run;
    }

    private static IllegalStateException closed(JobSpec spec) {
        return new IllegalStateException("the runtime is closed: it takes no new job (" + spec + ")");
    }

    /** A new, unstarted virtual thread for a job's body or worker, with the module loader as context loader. */
    Thread newThread(String name, ClassLoader loader, Runnable body) {
        Thread thread = VIRTUAL_THREADS.newThread(new ForgetfulTask(body)); // a shared factory: no builder per job
        thread.setName(name);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * A thread's task that lets go of the job once it has run. A terminated thread object can outlive its run
     * (an idle carrier's stack may still point at the last virtual thread it ran), and it references its task
     * and its context loader: both would keep a retired module's loader reachable. So the task drops its body
     * before running it, and the thread's context loader is cleared when the body is done.
     */
    private static final class ForgetfulTask implements Runnable {
        private Runnable body;

        ForgetfulTask(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            Runnable work = body;
            body = null;
            try {
                work.run();
            } finally {
                Thread.currentThread().setContextClassLoader(null);
            }
        }
    }

    /** Step 2 of a job's end ({@link JobRun#finish}): reports it. */
    void published(JobRun<?> run, Namespace ns, JobOutcome outcome, Throwable failure) {
        if (run.submittedNanos != 0L) {
            recorded(run, ns, outcome, failure);
        }
        if (failure != null && LOG.isDebugEnabled()) {
            LOG.debugf("%s ended %s: %s", run, outcome, failure);
        }
        if (events.hasSubscribers()) {
            events.publish(new RuntimeEvent.JobEnded(Instant.now(), run.id(), ns.info(), outcome));
        }
    }

    /** The flight-recorder event of a job submitted while a recording took them (see {@link JobRun#submittedNanos}). */
    private static void recorded(JobRun<?> run, Namespace ns, JobOutcome outcome, Throwable failure) {
        String module = run.spec().module();
        JobEvent.commit(run.id(), module, ns.info().versionOf(module), run.spec().jobClass(), outcome.name(), failure,
                System.nanoTime() - run.submittedNanos);
    }

    /**
     * Steps 3 and 4 of a job's end ({@link JobRun#finish}): frees its slot, then gives its lease back. Also undoes
     * a submit that took both and then could not start its job.
     */
    void ended(JobRun<?> run, Namespace ns) {
        running.remove(run.stripe, run.runningSlot);
        registry.release(ns, run.stripe);
    }

    /** The jobs that have not ended yet: those whose outcome is not settled (a scan of the table). */
    public int runningCount() {
        int count = 0;
        for (JobRun<?> run : running.snapshot()) {
            if (!run.isDone()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Stops taking jobs, waits up to {@code drain} for the running ones to end, then cancels what is left and
     * waits up to {@code drain} again.
     *
     * @return the ids of jobs still running after that (their threads ignore interrupts)
     */
    public List<String> shutdown(Duration drain) throws InterruptedException {
        accepting = false;
        VarHandle.fullFence(); // the other half of submit's handshake: the write before any read of the table
        if (!awaitIdle(drain)) {
            LOG.infof("cancelling %d jobs still running after %s", running.size(), drain);
            for (JobRun<?> run : running.snapshot()) {
                run.cancel();
            }
            awaitIdle(drain);
        }
        List<String> stuck = new ArrayList<>();
        for (JobRun<?> run : running.snapshot()) {
            stuck.add(run.id());
        }
        return stuck;
    }

    private boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
