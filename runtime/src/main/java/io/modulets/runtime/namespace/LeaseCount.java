package io.modulets.runtime.namespace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A namespace's lease count, striped, with a once-only retirement that no lease can slip past (rule 10).
 *
 * <p>Why striped: every submit takes a lease and every job end gives one back. On one counter, the submitting
 * threads and every carrier running a job end fought over one cache line: with a single submitter, JFR put
 * 33 of 47 samples of the job-ending path on the decrement. Here a lease and its release use the same one of
 * {@value #STRIPES} counters, each on a cache line of its own, picked by the caller (the job's sequence
 * number), so the line moves once per job between the submitter and the carrier, and nobody queues for it.
 *
 * <p>Design: {@code state} is LIVE, RETIRING or RETIRED. {@link #tryLease} increments its stripe, then reads
 * the state; if it is not LIVE, it takes the increment back and fails. {@link #tryRetire} moves LIVE to
 * RETIRING by CAS (one retirer at a time), then sums the stripes: 0 makes it RETIRED; anything else puts it
 * back to LIVE and, if the sum has dropped to 0 meanwhile, tries again, so a release that came while another
 * thread was retiring is not lost. All are volatile accesses or atomics, so a lease that saw LIVE incremented
 * its stripe before the retirer's CAS and the retirer's sum sees it. Each release follows its lease on the same
 * stripe, so a sum of 0 means no lease is held. A lease that fails because a retirement is under way fails only
 * on a namespace that is no longer current, and the caller retries on the current one.
 *
 * <p>Releases that break that rule: one on a stripe that holds no lease takes its count below 0 for a moment,
 * then puts it back and throws; the sum counts a stripe below 0 as 0, so that moment can neither cancel a lease
 * held on another stripe (and retire the namespace under it) nor make a retirement back off. But a second release
 * of one lease while its stripe holds another (jobs n and n + 16 share a stripe; or one taken in that moment)
 * looks, to a count, just like that other lease's release: it goes unseen, the count reaches 0 with a lease still
 * held, the namespace can retire under the job holding it, and the error shows only at that job's own release.
 * No count can tell whose lease a release gives back, so each holder must release its lease exactly once (a job
 * does, on the one transition of its count of running tasks to 0).
 */
final class LeaseCount {

    static final int STRIPES = 16;
    private static final int PAD = 16; // ints per stripe: 64 bytes, so no two stripes share a cache line
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle STATE;
    private static final int LIVE = 0;
    private static final int RETIRING = 1;
    private static final int RETIRED = 2;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LeaseCount.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int[] counts = new int[(STRIPES + 1) * PAD]; // stripe i at (i + 1) * PAD: none next to the header
    private volatile int state = LIVE;

    private static int index(int stripe) {
        return ((stripe & (STRIPES - 1)) + 1) * PAD;
    }

    /** Takes a lease on {@code stripe}; false once retirement has begun. */
    boolean tryLease(int stripe) {
        if (state != LIVE) {
            return false;
        }
        int i = index(stripe);
        COUNT.getAndAdd(counts, i, 1);
        if (state != LIVE) {
            COUNT.getAndAdd(counts, i, -1);
            return false;
        }
        return true;
    }

    /**
     * Gives back a lease taken on {@code stripe}; exactly once per lease (see the class comment).
     *
     * @throws IllegalStateException if {@code stripe} holds no lease (the count is left as it was)
     */
    void release(int stripe) {
        int left = (int) COUNT.getAndAdd(counts, index(stripe), -1) - 1;
        if (left < 0) {
            COUNT.getAndAdd(counts, index(stripe), 1);
            throw new IllegalStateException("a lease was released twice, or on another stripe than it was taken on");
        }
    }

    /** Retires if no lease is held; true exactly once, for the call that retired it. */
    boolean tryRetire() {
        for (;;) {
            if (!STATE.compareAndSet(this, LIVE, RETIRING)) {
                return false; // retired already, or another thread is retiring and will see what we would
            }
            if (sum() == 0) {
                state = RETIRED;
                return true;
            }
            state = LIVE;
            if (sum() != 0) {
                return false; // the last release will try again
            }
        }
    }

    boolean isRetired() {
        return state == RETIRED;
    }

    /** The leases held now (a sum over the stripes; exact once they are quiet). */
    int held() {
        return state == RETIRED ? 0 : sum();
    }

    /** The leases held; a stripe below 0 (a refused release, about to put its count back) counts as 0. */
    private int sum() {
        int sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += Math.max(0, (int) COUNT.getVolatile(counts, index(stripe)));
        }
        return sum;
    }
}
