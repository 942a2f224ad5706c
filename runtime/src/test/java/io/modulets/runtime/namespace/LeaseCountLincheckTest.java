package io.modulets.runtime.namespace;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import io.modulets.runtime.LincheckScenarios;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * A namespace's lease count under a model checker (Lincheck), used as {@link NamespaceRegistry} uses it: leases
 * and releases from two threads while the namespace stops being current ({@link #promote}) and the last one out
 * retires it.
 *
 * <p>Why not a plain sequential specification of {@link LeaseCount} itself: by design a lease or a retirement may
 * fail while another thread is retiring (a lease that fails goes to the current namespace; a retirement that fails
 * leaves it to the one under way), so whether a given call succeeds is not a function of the calls before it:
 * Lincheck reports {@code tryRetire(): false | tryRetire(): true} on the correct code. So the operations are the
 * registry's, whose results are deterministic, and the rules are checked where they can be seen:
 * <ul>
 *   <li>{@link #lease} returns whether this namespace was leased: true exactly while it is current (the
 *       {@link Spec}); a lease refused here would go to the current namespace.
 *   <li>{@link #release} first checks that the namespace was not retired while the lease was held (no lease on a
 *       retired count); the retirement is for good, so this covers the whole time the lease was held.
 *   <li>{@link #releaseUnheld} gives back a lease on a stripe that no lease uses: the guard must refuse it, and
 *       the moment its count is below 0 must neither hide another stripe's lease from a retirement (which would
 *       then retire under it) nor make the retirement back off (which would lose it).
 *   <li>{@link #validate}, once all are done: retired at most once, and retired if and only if the namespace is
 *       no longer current and no lease is held: no lease lost, no retirement lost.
 * </ul>
 */
@Param(name = "thread", gen = ThreadIdGen.class)
@Param(name = "stripe", gen = IntGen.class, conf = "0:1")
public class LeaseCountLincheckTest {

    private static final int THREADS = 2; // ThreadIdGen numbers the init part 0, the parallel threads 1..THREADS, the post part THREADS+1
    private static final int UNUSED_STRIPE = 15; // no lease is taken on it
    /** Random scenarios, besides the pinned ones; each is explored in up to {@link #INVOCATIONS} interleavings. */
    private static final int ITERATIONS = 10;
    /** Without its guard, each pinned scenario fails within 50 invocations (the re-check) and 10 (the clamp). */
    private static final int INVOCATIONS = 500;

    private final LeaseCount leases = new LeaseCount();
    /** Whether another namespace is current: set once, by {@link #promote}, before it tries to retire this one. */
    private volatile boolean obsolete;
    private final AtomicInteger retirements = new AtomicInteger();
    private final Held[] held = new Held[THREADS + 2];

    /** One thread's own leases, as a stack of stripes: not shared, so the model checker is told to ignore it. */
    static final class Held {
        private final int[] stripes = new int[16];
        private int size;

        void push(int stripe) {
            stripes[size++] = stripe;
        }

        /** The stripe of the last lease taken, or -1 if none is held. */
        int pop() {
            return size == 0 ? -1 : stripes[--size];
        }

        int size() {
            return size;
        }
    }

    public LeaseCountLincheckTest() {
        for (int t = 0; t < held.length; t++) {
            held[t] = new Held();
        }
    }

    /** As {@link NamespaceRegistry#lease}: true if this namespace was leased, false if the current one would be. */
    @Operation
    public boolean lease(@Param(name = "thread") int thread, @Param(name = "stripe") int stripe) {
        for (;;) {
            if (obsolete) {
                return false;
            }
            if (leases.tryLease(stripe)) {
                held[thread].push(stripe);
                return true;
            }
            if (obsolete) {
                retireIfIdle(); // a failed lease may have made a retirement under way back off
            }
        }
    }

    /** As {@link NamespaceRegistry#release}, of this thread's last lease: its stripe, or -1 if it holds none. */
    @Operation
    public int release(@Param(name = "thread") int thread) {
        int stripe = held[thread].pop();
        if (stripe < 0) {
            return -1;
        }
        if (leases.isRetired()) {
            throw new IllegalStateException("retired while a lease on stripe " + stripe + " was held");
        }
        leases.release(stripe);
        if (obsolete) {
            retireIfIdle();
        }
        return stripe;
    }

    /** As {@link NamespaceRegistry#promote} of another namespace: this one is no longer current. */
    @Operation(runOnce = true)
    public void promote() {
        obsolete = true;
        retireIfIdle();
    }

    /** A release of a lease nobody took (a job releasing twice, its stripe holding no other lease). */
    @Operation
    public boolean releaseUnheld() {
        try {
            leases.release(UNUSED_STRIPE);
            return false;
        } catch (IllegalStateException refused) {
            return true;
        }
    }

    private void retireIfIdle() {
        if (leases.tryRetire()) {
            retirements.incrementAndGet();
        }
    }

    /** Once all are done: retired at most once, and exactly when no lease is held on a namespace no longer current. */
    @Validate
    public void validate() {
        int holding = 0;
        for (Held h : held) {
            holding += h.size();
        }
        int retired = retirements.get();
        if (retired > 1) {
            throw new IllegalStateException("retired " + retired + " times");
        }
        if (leases.isRetired() != (retired == 1)) {
            throw new IllegalStateException("isRetired() is " + leases.isRetired() + " after " + retired + " retirements");
        }
        if (leases.isRetired() && (!obsolete || holding > 0)) {
            throw new IllegalStateException("retired while " + (obsolete ? holding + " leases are held" : "current"));
        }
        if (!leases.isRetired() && obsolete && holding == 0) {
            throw new IllegalStateException("a retirement was lost: no lease is held, the namespace is not current, "
                    + "and it is not retired (leases counted: " + leases.held() + ")");
        }
        if (!leases.isRetired() && leases.held() != holding) {
            throw new IllegalStateException(leases.held() + " leases counted, " + holding + " held");
        }
    }

    /** The sequential specification: leases succeed while the namespace is current; each thread's are a stack. */
    public static class Spec {
        private boolean obsolete;
        private final Held[] held = new Held[THREADS + 2];

        public Spec() {
            for (int t = 0; t < held.length; t++) {
                held[t] = new Held();
            }
        }

        public boolean lease(int thread, int stripe) {
            if (obsolete) {
                return false;
            }
            held[thread].push(stripe);
            return true;
        }

        public int release(int thread) {
            return held[thread].pop();
        }

        public void promote() {
            obsolete = true;
        }

        public boolean releaseUnheld() {
            return true;
        }
    }

    /**
     * A release while the retirement it should leave to the retirer is under way, pinned so that every run explores
     * it: thread 2's retirement counts thread 1's lease; thread 1 releases it, and its own retirement fails, thread 2
     * retiring; thread 2 puts the count back to live. Only its second look at the sum sees that the lease has gone:
     * without it nobody retires the namespace.
     */
    private static ExecutionScenario releaseDuringARetirement() {
        return new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("lease", 1, 0), actor("release", 1)), List.of(actor("promote"))),
                List.of(),
                null);
    }

    /**
     * A refused release whose count is below 0 for a moment, while a retirement sums the stripes: a lease is held on
     * stripe 0 (taken first, given back last); thread 1 retires while thread 2 releases a lease on stripe 15 that
     * nobody took. The -1 on stripe 15 must not cancel the 1 on stripe 0 in the sum.
     */
    private static ExecutionScenario unheldReleaseDuringARetirement() {
        return new ExecutionScenario(
                List.of(actor("lease", 0, 0)),
                List.of(List.of(actor("promote")), List.of(actor("releaseUnheld"))),
                List.of(actor("release", 0)), // the lease of the init part's thread, 0
                null);
    }

    private static Actor actor(String operation, Object... arguments) {
        return LincheckScenarios.actor(LeaseCountLincheckTest.class, operation, arguments);
    }

    @Test
    void leaseReleaseAndRetire_interleavedWithThePromotion_retiresOnceAndOnlyWhenNoLeaseIsHeld() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .addGuarantee(forClasses(Held.class.getName()).allMethods().ignore())
                // A sum reads 16 stripes: by default Lincheck takes a loop past 10 rounds for a spin and switches
                // threads there, which hides the refused release's moment below 0 from most interleavings.
                .loopIterationsBeforeThreadSwitch(2 * LeaseCount.STRIPES)
                .addCustomScenario(releaseDuringARetirement())
                .addCustomScenario(unheldReleaseDuringARetirement())
                .threads(THREADS)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .check(getClass());
    }
}
