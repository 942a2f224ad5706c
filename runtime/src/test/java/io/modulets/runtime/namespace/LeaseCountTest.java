package io.modulets.runtime.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rule 10 at its root: no lease is held on a retired namespace, and it retires exactly once. */
class LeaseCountTest {

    @Test
    void tryRetire_whileALeaseIsHeld_failsAndSucceedsOnceItIsReleased() {
        LeaseCount leases = new LeaseCount();
        assertTrue(leases.tryLease(5));
        assertTrue(leases.tryLease(21)); // any int names a stripe
        assertEquals(2, leases.held());

        assertFalse(leases.tryRetire());
        leases.release(5);
        assertFalse(leases.tryRetire());
        leases.release(21);

        assertTrue(leases.tryRetire());
        assertFalse(leases.tryRetire(), "retires once");
        assertTrue(leases.isRetired());
        assertFalse(leases.tryLease(5), "no lease after retirement");
        assertEquals(0, leases.held());
    }

    @Test
    void release_moreThanWasLeasedOnAStripe_throwsAndTheCountStaysRight() {
        LeaseCount leases = new LeaseCount();
        assertTrue(leases.tryLease(1));
        leases.release(1);

        assertThrows(IllegalStateException.class, () -> leases.release(1));

        assertEquals(0, leases.held());
        assertTrue(leases.tryRetire());
    }

    @Test
    void release_onAStripeHoldingNoLeaseWhileAnotherStripeHoldsOne_throwsAndTheOtherLeaseKeepsTheCountLive() {
        LeaseCount leases = new LeaseCount();
        assertTrue(leases.tryLease(0));

        assertThrows(IllegalStateException.class, () -> leases.release(1));

        assertEquals(1, leases.held());
        assertFalse(leases.tryRetire(), "the lease on stripe 0 is still held");
        leases.release(0);
        assertTrue(leases.tryRetire());
    }

    @Test
    void release_thriceOnAStripeThatHeldTwoLeases_refusesTheThirdAndTheCountStaysRight() {
        LeaseCount leases = new LeaseCount();
        assertTrue(leases.tryLease(5)); // job 5
        assertTrue(leases.tryLease(21)); // job 21: stripe 5 too
        leases.release(5);
        leases.release(21);

        assertThrows(IllegalStateException.class, () -> leases.release(5), "job 5 releases again");

        assertEquals(0, leases.held());
        assertTrue(leases.tryRetire());
    }

    /**
     * What the count cannot see (the class comment says so): job 5 releases twice while job 21, on the same stripe,
     * still runs. To a count that is job 5's release and then job 21's; it reaches 0, the namespace can retire under
     * job 21 (its loaders would be closed while it runs), and only job 21's own release is refused. Hence the rule
     * that each holder releases exactly once, which the job keeps (one transition of its task count to 0), not the
     * count.
     */
    @Test
    void release_twiceWhileAnotherLeaseIsHeldOnItsStripe_goesUnseenUntilThatLeaseIsReleased() {
        LeaseCount leases = new LeaseCount();
        assertTrue(leases.tryLease(5)); // job 5
        assertTrue(leases.tryLease(21)); // job 21: stripe 5 too
        leases.release(5);

        leases.release(5); // job 5 again: not refused

        assertEquals(0, leases.held(), "job 21's lease is no longer counted");
        assertTrue(leases.tryRetire(), "so nothing stops a retirement under job 21");
        assertThrows(IllegalStateException.class, () -> leases.release(21), "job 21's release is the one refused");
    }

    @Test
    void leaseReleaseAndRetire_eightLeasersAndFourRetirersAtOnce_noLeaseOnARetiredCountAndOneRetirement() throws Exception {
        for (int round = 0; round < 20; round++) {
            LeaseCount leases = new LeaseCount();
            AtomicInteger retirements = new AtomicInteger();
            AtomicInteger heldWhenRetired = new AtomicInteger();
            AtomicBoolean leasersDone = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> leasers = new ArrayList<>();
            List<Thread> retirers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                leasers.add(Thread.ofPlatform().start(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    await(go);
                    for (int i = 0; i < 20_000; i++) {
                        int stripe = random.nextInt();
                        if (leases.tryLease(stripe)) {
                            if (leases.isRetired()) {
                                heldWhenRetired.incrementAndGet();
                            }
                            leases.release(stripe);
                        }
                    }
                }));
            }
            for (int t = 0; t < 4; t++) {
                retirers.add(Thread.ofPlatform().start(() -> {
                    await(go);
                    // while leasers run, retiring may or may not win; once they stop it must
                    while (!leasersDone.get() || !leases.isRetired()) {
                        if (leases.tryRetire()) {
                            retirements.incrementAndGet();
                        }
                        Thread.onSpinWait();
                    }
                }));
            }
            go.countDown();
            for (Thread t : leasers) {
                t.join();
            }
            leasersDone.set(true);
            for (Thread t : retirers) {
                t.join(10_000);
                assertFalse(t.isAlive(), "a retirer never saw the count reach 0: a retirement was lost");
            }

            assertEquals(0, heldWhenRetired.get(), "a lease was held on a retired count");
            assertEquals(1, retirements.get(), "retired exactly once");
            assertFalse(leases.tryLease(0));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
