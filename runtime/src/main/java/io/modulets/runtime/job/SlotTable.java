package io.modulets.runtime.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The jobs that have not ended, so that {@code close()} can drain and cancel them.
 *
 * <p>Every submit adds a job and every end removes it, from many threads at once, so this sits on the hot
 * path: a striped, intrusive doubly-linked list (the links live in {@link JobRun}) costs one short,
 * uncontended lock and no allocation per add or remove, where a shared concurrent map allocated a node per
 * job and contended on its size counter.
 */
final class RunningJobs {

    private static final int STRIPES = 16; // a power of two

    private static final class Stripe {
        JobRun<?> head;
        int size;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    RunningJobs() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The stripe for the job with sequence number {@code sequence}. */
    static int stripeOf(long sequence) {
        return (int) (sequence & (STRIPES - 1));
    }

    void add(JobRun<?> run) {
        Stripe stripe = stripes[run.stripe];
        synchronized (stripe) {
            run.nextRunning = stripe.head;
            if (stripe.head != null) {
                stripe.head.previousRunning = run;
            }
            stripe.head = run;
            stripe.size++;
        }
    }

    /** Removes a job added before; called exactly once per job. */
    void remove(JobRun<?> run) {
        Stripe stripe = stripes[run.stripe];
        synchronized (stripe) {
            if (run.previousRunning != null) {
                run.previousRunning.nextRunning = run.nextRunning;
            } else {
                stripe.head = run.nextRunning;
            }
            if (run.nextRunning != null) {
                run.nextRunning.previousRunning = run.previousRunning;
            }
            run.previousRunning = null;
            run.nextRunning = null;
            stripe.size--;
        }
    }

    int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size;
            }
        }
        return size;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The jobs running now. */
    List<JobRun<?>> snapshot() {
        List<JobRun<?>> runs = new ArrayList<>();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (JobRun<?> run = stripe.head; run != null; run = run.nextRunning) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }
}
