package io.modulets.runtime.job;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.JobInfo;
import io.modulets.runtime.JobState;
import io.modulets.runtime.RuntimeEvent.JobOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last {@code capacity} jobs that ended, as snapshots, and how many ended each way. Lock-free and striped like
 * the launcher's table of running jobs: a job's end takes a slot of its stripe's ring with one atomic increment
 * and writes it, so the job-end path never waits, and jobs ending on many threads at once do not all hit one counter
 * (a shared one cost a fifth of the throughput benchmark). Each stripe keeps {@code capacity} entries; a listing
 * merges the stripes and keeps the newest {@code capacity}. A snapshot holds the job's
 * spec, namespace description and failure line, never its result or an exception: a kept one keeps no module class
 * (and so no retired loader) in memory.
 *
 * <p>A reader may see a slot that a writer has claimed but not written yet as the entry it replaces: it then misses
 * that one job, which {@link #find} and {@link #list} tolerate (the job ended a moment ago).
 */
final class EndedJobs {

    /** One ended job. */
    private record Ended(long sequence, String id, JobSpec spec, NamespaceInfo namespace, long startedMillis,
            long endedMillis, JobOutcome outcome, String failure) {

        JobInfo info() {
            JobState state = switch (outcome) {
                case SUCCEEDED -> JobState.SUCCEEDED;
                case FAILED -> JobState.FAILED;
                case CANCELLED -> JobState.CANCELLED;
                case TIMED_OUT -> JobState.TIMED_OUT;
            };
            return new JobInfo(id, spec.module(), spec.jobClass(), namespace, Instant.ofEpochMilli(startedMillis),
                    state, Instant.ofEpochMilli(endedMillis), failure);
        }
    }

    /** Counters of the stripes' rings, {@link #PAD} longs apart so that no two share a cache line. */
    private static final int PAD = 16;
    private final int capacity;
    private final AtomicReferenceArray<Ended>[] rings;
    private final AtomicLongArray written = new AtomicLongArray(SlotTable.STRIPES * PAD);
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();

    @SuppressWarnings("unchecked")
    EndedJobs(int capacity) {
        this.capacity = capacity;
        this.rings = new AtomicReferenceArray[SlotTable.STRIPES];
        for (int i = 0; i < rings.length; i++) {
            rings[i] = new AtomicReferenceArray<>(capacity);
        }
    }

    /** Records the end of {@code run}; {@code failure} is the failure's line, or null. */
    void add(JobRun<?> run, NamespaceInfo namespace, JobOutcome outcome, String failure) {
        switch (outcome) {
            case SUCCEEDED -> succeeded.increment();
            case FAILED, TIMED_OUT -> failed.increment();
            case CANCELLED -> cancelled.increment();
        }
        int stripe = run.stripe;
        long n = written.getAndIncrement(stripe * PAD);
        rings[stripe].set((int) (n % capacity), new Ended(run.sequence(), run.id(), run.spec(), namespace,
                run.startedMillis(), System.currentTimeMillis(), outcome, failure));
    }

    /** The last {@code capacity} ended jobs, oldest first. */
    List<JobInfo> list() {
        List<Ended> kept = new ArrayList<>();
        for (AtomicReferenceArray<Ended> ring : rings) {
            for (int i = 0; i < ring.length(); i++) {
                Ended e = ring.get(i);
                if (e != null) {
                    kept.add(e);
                }
            }
        }
        kept.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        List<Ended> newest = kept.subList(Math.max(0, kept.size() - capacity), kept.size());
        List<JobInfo> infos = new ArrayList<>(newest.size());
        newest.forEach(e -> infos.add(e.info()));
        return infos;
    }

    /** The ended job {@code id} if a ring still keeps it, or null. */
    JobInfo find(String id) {
        for (AtomicReferenceArray<Ended> ring : rings) {
            for (int i = 0; i < ring.length(); i++) {
                Ended e = ring.get(i);
                if (e != null && e.id().equals(id)) {
                    return e.info();
                }
            }
        }
        return null;
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    long cancelled() {
        return cancelled.sum();
    }
}
