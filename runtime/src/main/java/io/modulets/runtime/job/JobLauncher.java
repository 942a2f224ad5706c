package io.modulets.runtime.job;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.JobInfo;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * the module's loader (a map read), start a virtual thread. No lock, no disk, no loader per job; one wall-clock read
 * for {@code jobs()}' start time, and one more, for the job's time, only while a flight recording takes job events. The job's
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
    private final EndedJobs endedJobs = new EndedJobs(ENDED_KEPT);
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

    /**
     * Step 1 of a job's end ({@link JobRun#finish}), before its outcome is settled: its WARN line if it failed, and
     * its entry among the ended jobs, so that no lookup finds it neither running nor ended. Returns its failure line.
     */
    String recorded(JobRun<?> run, Namespace ns, JobOutcome outcome, Throwable failure) {
        String line = null;
        if (outcome == JobOutcome.FAILED || outcome == JobOutcome.TIMED_OUT) {
            line = firstLine(failure);
            LOG.warnf("%s %s: %s", run, outcome == JobOutcome.FAILED ? "failed" : "timed out", line);
        } else if (failure != null && LOG.isDebugEnabled()) {
            LOG.debugf("%s ended %s: %s", run, outcome, failure);
        }
        endedJobs.add(run, ns.info(), outcome, line);
        return line;
    }

    /** Step 2 of a job's end ({@link JobRun#finish}): reports it; {@code line} is what {@link #recorded} gave. */
    void published(JobRun<?> run, Namespace ns, JobOutcome outcome, Throwable failure, String line) {
        if (run.submittedNanos != 0L) {
            flightRecorded(run, ns, outcome, failure == null ? null : line != null ? line : firstLine(failure));
        }
        if (events.hasSubscribers()) {
            events.publish(new RuntimeEvent.JobEnded(Instant.now(), run.id(), ns.info(), outcome, line));
        }
    }

    /** The flight-recorder event of a job submitted while a recording took them (see {@link JobRun#submittedNanos}). */
    private static void flightRecorded(JobRun<?> run, Namespace ns, JobOutcome outcome, String failure) {
        String module = run.spec().module();
        JobEvent.commit(run.id(), module, ns.info().versionOf(module), run.spec().jobClass(), outcome.name(), failure,
                System.nanoTime() - run.submittedNanos);
    }

    /**
     * The first line of {@code failure}'s description ({@code java.lang.IllegalStateException: no such order}), as
     * the WARN line and {@code JobEnded} give it: a class name alone when it has no message.
     */
    static String firstLine(Throwable failure) {
        if (failure == null) {
            return null;
        }
        String text;
        try {
            text = String.valueOf(failure);
        } catch (RuntimeException | Error e) { // module code's toString() or getMessage() threw
            text = failure.getClass().getName() + " (its description failed: " + e.getClass().getName() + ")";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).stripTrailing();
    }

    /**
     * Steps 3 and 4 of a job's end ({@link JobRun#finish}): frees its slot, then gives its lease back. Also undoes
     * a submit that took both and then could not start its job.
     */
    void ended(JobRun<?> run, Namespace ns) {
        running.remove(run.stripe, run.runningSlot);
        registry.release(ns, run.stripe);
    }

    /** Every job that has not ended, in submit order, then the last {@value #ENDED_KEPT} that ended. */
    public List<JobInfo> jobs() {
        // The table first, then the ended list: a job is listed as ended before it is done, and leaves the table only
        // after that, so one ending between the two reads is in the ended list; one in both is shown as ended.
        List<JobRun<?>> inTable = running.snapshot();
        List<JobInfo> ended = endedJobs.list();
        java.util.Set<String> endedIds = new java.util.HashSet<>();
        ended.forEach(job -> endedIds.add(job.id()));
        List<JobRun<?>> runs = new ArrayList<>();
        for (JobRun<?> run : inTable) {
            if (!endedIds.contains(run.id())) {
                runs.add(run); // even if done by now: it was not recorded as ended when the list was read, so it ran
            }
        }
        runs.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        List<JobInfo> jobs = new ArrayList<>(runs.size() + ended.size());
        runs.forEach(run -> jobs.add(run.info()));
        jobs.addAll(ended);
        return jobs;
    }

    /** The job {@code id}, running or among the last ended ones, or null. */
    public JobInfo jobInfo(String id) {
        JobInfo ended = endedJobs.find(id); // first: an ending job is listed as ended before it leaves the table
        if (ended != null) {
            return ended;
        }
        JobRun<?> run = runningRun(id);
        return run != null ? run.info() : endedJobs.find(id);
    }

    /** The handle of the running job {@code id}, or null. */
    public JobHandle<?> runningJob(String id) {
        return runningRun(id);
    }

    private JobRun<?> runningRun(String id) {
        for (JobRun<?> run : running.snapshot()) {
            if (run.id().equals(id) && !run.isDone()) {
                return run;
            }
        }
        return null;
    }

    /** Per namespace id, its jobs that have not ended. */
    public Map<String, Integer> runningByNamespace() {
        Map<String, Integer> counts = new HashMap<>();
        for (JobRun<?> run : running.snapshot()) {
            if (!run.isDone()) {
                counts.merge(run.namespace().id(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Jobs that ended with a result, failed (or timed out), and were cancelled, since the start. */
    public long[] endedCounts() {
        return new long[] {endedJobs.succeeded(), endedJobs.failed(), endedJobs.cancelled()};
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
