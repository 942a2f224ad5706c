package io.modulets.runtime.reaper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CarrierRinseTest {

    @Test
    void carriers_noParallelismSet_oneForEachProcessor() {
        if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
            assertEquals(Runtime.getRuntime().availableProcessors(), CarrierRinse.carriers());
        }
    }

    @Test
    void run_idleScheduler_everyCarrierTakesPart() throws InterruptedException {
        assertTrue(CarrierRinse.run(CarrierRinse.carriers(), Duration.ofSeconds(10)),
                "the rinse tasks did not all run at once, one per carrier");
    }

    @Test
    void run_moreTasksThanCarriersCanHold_givesUpAtTheLimit() throws InterruptedException {
        int carriers = CarrierRinse.carriers();
        // one task more than there are carriers: they can never all run at once, so the last waits in the queue
        // until the others stop spinning at the limit
        long start = System.nanoTime();
        assertFalse(CarrierRinse.run(carriers + 1, Duration.ofMillis(200)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0, "it did not give up");
    }

    @Test
    void run_carriersBusy_returnsWithoutWaitingForThem() throws InterruptedException {
        int carriers = CarrierRinse.carriers();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(carriers);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            spinners.add(Thread.ofVirtual().start(() -> {
                busy.countDown();
                while (release.getCount() > 0) {
                    Thread.onSpinWait(); // holds its carrier, as a long CPU-bound job does
                }
            }));
        }
        try {
            busy.await();
            long start = System.nanoTime();
            assertFalse(CarrierRinse.run(carriers, Duration.ofMillis(100)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0, "it waited for busy carriers");
        } finally {
            release.countDown();
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
    }
}
