package io.modulets.runtime.reaper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Has every carrier thread of the JDK's virtual-thread scheduler make one call into the JVM that hands an
 * object back to Java code through the thread's VM result slot, which the call clears when it takes it.
 *
 * <p>Why: HotSpot passes an object from a VM call back to the Java code that made it through a slot of the
 * calling platform thread (for a virtual thread, its carrier), {@code JavaThread::_vm_result_oop}, and the GC
 * treats the slot as a root. A slot can keep its last object after the call: a ReaperTest run caught a
 * scheduler worker, idle after a cancelled job, whose slot still held the InterruptedException the job's body
 * had died of, and the exception's backtrace kept the retired module's classes, so its loader, reachable. No
 * heap dump shows such a root (they list thread stacks and JNI handles, not these slots), nothing in Java can
 * clear it, and it lasts until that carrier next uses the slot or retires after its idle keep-alive, tens of
 * seconds later: past any short leak deadline. A carrier that keeps running code replaces the slot's content
 * sooner or later; an idle one only when it runs again, and that is what this makes all of them do at once.
 *
 * <p>How: one virtual thread per carrier, each spinning on its carrier until all have started, so that no
 * two share one, then allocating a two-dimensional array whose sizes the JIT cannot see: the interpreter and
 * both compilers make that allocation in the JVM and take the array from the slot (clearing it), where a
 * plain small allocation would stay in compiled code. Carriers busy with jobs may not take part before the
 * time limit; they do not need to.
 */
final class CarrierRinse {

    /** Read, never written: sizes the JIT cannot fold, so the array is always allocated by a call into the JVM. */
    private static volatile int size = 1;
    /** Takes each array, so that the allocation is not optimised away. */
    private static volatile Object sink;
    /** How long past the limit to wait for tasks that stopped spinning at it. */
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private CarrierRinse() {
    }

    /** The number of carrier threads the scheduler keeps, as the JDK computes it. */
    static int carriers() {
        String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (configured != null) {
            try {
                return Math.max(1, Integer.parseInt(configured.trim()));
            } catch (NumberFormatException e) {
                // the JDK rejects it too; fall back to its default
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Starts one task per carrier ({@code carriers} of them) and waits for them, at most about {@code limit}.
     *
     * @return whether all the tasks were running at once, so each on a carrier of its own, and all ended within
     *     the limit; false if some carriers stayed busy with other work
     */
    static boolean run(int carriers, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(carriers);
        boolean[] together = new boolean[1];
        for (int i = 0; i < carriers; i++) {
            Thread.ofVirtual().name("modulets-carrier-rinse").start(() -> {
                if (started.incrementAndGet() == carriers && System.nanoTime() - deadline < 0) {
                    together[0] = true; // the others are still spinning, each on its own carrier; published by the count-down
                }
                while (started.get() < carriers && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait(); // keep this carrier, so that the others start on other carriers
                }
                int n = size;
                sink = new Object[n][n];
                sink = null;
                done.countDown();
            });
        }
        return done.await(Math.max(0, deadline - System.nanoTime()) + LATE_NANOS, TimeUnit.NANOSECONDS) && together[0];
    }
}
