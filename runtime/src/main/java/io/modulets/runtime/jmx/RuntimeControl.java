package io.modulets.runtime.jmx;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.JobInfo;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's MBean: each attribute and operation is one call of {@link ModuletRuntime}'s public methods, made
 * on the JMX client's thread, with its failures turned into what a client can read ({@link Boundary}). Jobs it
 * submits are tracked in {@link Submissions} so that {@link #awaitJob} can return their results as text.
 */
final class RuntimeControl implements RuntimeControlMXBean {

    /** The most a lookup waits for a job submitted here that is ending (see {@link #info}). */
    private static final Duration ENDING = Duration.ofSeconds(1);

    private final ModuletRuntime runtime;
    private final String name;
    private final Submissions submissions;

    RuntimeControl(ModuletRuntime runtime, String name, Submissions submissions) {
        this.runtime = runtime;
        this.name = name;
        this.submissions = submissions;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getWatchDir() {
        return runtime.settings().watchDir().toString();
    }

    @Override
    public String getStateDir() {
        return runtime.settings().stateDir().toString();
    }

    @Override
    public long getPid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public String getCurrentNamespace() {
        return runtime.current().toString();
    }

    @Override
    public List<String> getLiveNamespaces() {
        return runtime.liveNamespaces().stream().map(ns -> ns.id()).toList();
    }

    @Override
    public int getRunningJobs() {
        return runtime.runningJobs();
    }

    @Override
    public long getDeploys() {
        return counts().deploys();
    }

    @Override
    public long getRejections() {
        return counts().rejections();
    }

    @Override
    public long getRetirements() {
        return counts().retirements();
    }

    @Override
    public long getCollections() {
        return counts().collections();
    }

    @Override
    public long getLeakSuspects() {
        return counts().leakSuspects();
    }

    @Override
    public long getJobsSucceeded() {
        return counts().jobsSucceeded();
    }

    @Override
    public long getJobsFailed() {
        return counts().jobsFailed();
    }

    @Override
    public long getJobsCancelled() {
        return counts().jobsCancelled();
    }

    private RuntimeCounts counts() {
        return Boundary.call(runtime::counts);
    }

    @Override
    public List<Rows.ModuleRow> getModules() {
        return Boundary.call(() -> runtime.modules().stream().map(RowsOf::module).toList());
    }

    @Override
    public List<Rows.NamespaceRow> getNamespaces() {
        return Boundary.call(() -> runtime.namespaces().stream().map(RowsOf::namespace).toList());
    }

    @Override
    public List<Rows.JobRow> getJobs() {
        return Boundary.call(() -> runtime.jobs().stream().map(this::row).toList());
    }

    @Override
    public List<Rows.LeakRow> getLeaks() {
        Instant now = Instant.now();
        return Boundary.call(() -> runtime.leaks().stream().map(suspect -> RowsOf.leak(suspect, now)).toList());
    }

    @Override
    public List<Rows.HistoryRow> history(String module) {
        return Boundary.call(() -> runtime.history(required(module, "module")).stream().map(RowsOf::history).toList());
    }

    @Override
    public Rows.HistoryRow pin(String module, String version) {
        return Boundary.call(() -> RowsOf.history(runtime.pin(required(module, "module"), required(version, "version"))));
    }

    @Override
    public boolean unpin(String module) {
        return Boundary.call(() -> runtime.unpin(required(module, "module")));
    }

    @Override
    public Rows.HistoryRow rollback(String module) {
        return Boundary.call(() -> RowsOf.history(runtime.rollback(required(module, "module"))));
    }

    @Override
    public String submit(String module, String jobClass, Map<String, String> args) {
        return Boundary.call(() -> {
            JobSpec spec = JobSpec.of(required(module, "module"), required(jobClass, "jobClass"));
            if (args != null) {
                for (Map.Entry<String, String> arg : args.entrySet()) {
                    spec = spec.withArg(arg.getKey(), arg.getValue());
                }
            }
            JobHandle<?> handle = runtime.submit(spec);
            submissions.track(handle);
            return handle.id();
        });
    }

    @Override
    public Rows.JobRow job(String jobId) {
        return Boundary.call(() -> row(info(required(jobId, "jobId"))));
    }

    @Override
    public Rows.JobRow awaitJob(String jobId, long timeoutMillis) {
        return Boundary.call(() -> {
            required(jobId, "jobId");
            if (timeoutMillis < 0) {
                throw new IllegalArgumentException("timeoutMillis must not be negative, was " + timeoutMillis);
            }
            info(jobId); // an unknown job fails before any wait
            awaitEnd(jobId, Duration.ofMillis(timeoutMillis));
            return row(info(jobId));
        });
    }

    /** Waits for the job through its kept result if JMX submitted it, else through its handle while it runs. */
    private void awaitEnd(String jobId, Duration timeout) {
        try {
            if (submissions.tracks(jobId)) {
                submissions.await(jobId, timeout);
                return;
            }
            Optional<JobHandle<?>> handle = runtime.job(jobId);
            if (handle.isPresent()) {
                CountDownLatch ended = new CountDownLatch(1);
                io.smallrye.mutiny.subscription.Cancellable waiting = handle.get().result().subscribe()
                        .with(result -> ended.countDown(), failure -> ended.countDown());
                try {
                    ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
                } finally {
                    waiting.cancel(); // a wait that timed out leaves no subscriber on the job's result
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for job " + jobId);
        }
    }

    @Override
    public boolean cancel(String jobId) {
        return Boundary.call(() -> {
            Optional<JobHandle<?>> handle = runtime.job(required(jobId, "jobId"));
            if (handle.isPresent()) {
                handle.get().cancel();
                return true;
            }
            info(jobId); // unknown: fails; else it had ended
            return false;
        });
    }

    @Override
    public void rescan() {
        Boundary.run(runtime::rescan);
    }

    /**
     * The job's snapshot. The runtime lists a job as ended before its outcome settles, so a job is always in one of
     * its lists; a job submitted here is still waited for briefly if it is not, as a guard.
     */
    private JobInfo info(String jobId) {
        Optional<JobInfo> info = runtime.jobInfo(jobId);
        if (info.isEmpty() && submissions.tracks(jobId)) {
            try {
                submissions.await(jobId, ENDING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for job " + jobId);
            }
            info = runtime.jobInfo(jobId);
        }
        return info.orElseThrow(() -> new IllegalArgumentException("no job " + jobId
                + " in runtime " + name + ": it never ran here or ended long ago (the runtime keeps the last ended jobs);"
                + " list the jobs it knows with the Jobs attribute"));
    }

    private Rows.JobRow row(JobInfo job) {
        return RowsOf.job(job, submissions.resultOf(job.id()).orElse(null));
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    @Override
    public String toString() {
        return "RuntimeControl[" + name + "]";
    }
}
