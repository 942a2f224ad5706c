package io.modulets.server;

import io.modulets.runtime.JobInfo;
import io.modulets.runtime.JobState;
import io.modulets.runtime.ModuletRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The server's stop: closes the runtime (running jobs get the drain timeout to end, then are cancelled and get as
 * long again to notice), names each job cancelled that way in a WARN line, and chooses the exit status: 0 when
 * every job ended, on its own or once cancelled; 1 when some job was still running after its cancellation (it
 * ignores interrupts, so its thread may still be doing something when the process exits).
 */
final class Drain {

    private static final Logger LOG = Logger.getLogger("io.modulets.server");

    /** The exit status when some job did not end even after it was cancelled. */
    static final int JOBS_LEFT_RUNNING = 1;

    private Drain() {
    }

    /** Closes {@code runtime} and returns the exit status. */
    static int stop(ModuletRuntime runtime) {
        Duration timeout = runtime.settings().drainTimeout();
        Instant began = Instant.now();
        int running = runtime.runningJobs();
        long cancelledBefore = runtime.counts().jobsCancelled();
        LOG.infof("stopping: draining %d running jobs (they get up to %s, the drain timeout, before they are cancelled)",
                running, text(timeout));
        runtime.close();
        List<JobInfo> jobs = runtime.jobs();
        List<JobInfo> cancelled = jobs.stream()
                .filter(job -> job.state() == JobState.CANCELLED && job.ended() != null && !job.ended().isBefore(began))
                .toList();
        List<JobInfo> left = jobs.stream().filter(job -> !job.state().ended()).toList();
        for (JobInfo job : cancelled) {
            LOG.warnf("job %s (%s in module %s) was cancelled at shutdown: it did not end within the drain timeout of %s",
                    job.id(), job.jobClass(), job.module(), text(timeout));
        }
        // The ended list keeps only the latest jobs, so the counts come from the runtime's counters.
        long ended = Math.max(0, running - left.size());
        long cancelledCount = Math.min(ended, Math.max(cancelled.size(), runtime.counts().jobsCancelled() - cancelledBefore));
        if (cancelledCount > cancelled.size()) {
            LOG.warnf("%d more jobs were cancelled at shutdown than are named above (the job list keeps only the latest)",
                    cancelledCount - cancelled.size());
        }
        int status = left.isEmpty() ? 0 : JOBS_LEFT_RUNNING;
        LOG.infof("stopped: %d jobs ended during the drain, %d were cancelled, %d ignored their cancellation; exit status %d",
                ended - cancelledCount, cancelledCount, left.size(), status);
        return status;
    }

    /** {@code 10s}, {@code 1m30s}, {@code 0.5s}: a duration as the options take it. */
    static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
