package io.modulets.runtime.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The running-jobs table: slots never shared, none lost, reused once freed, under many threads at once. */
class SlotTableTest {

    @Test
    void addThenRemove_oneItem_inTheSnapshotUntilRemoved() {
        SlotTable<String> table = new SlotTable<>();
        int slot = table.add(3, "a");
        assertEquals(List.of("a"), table.snapshot());
        assertEquals(1, table.size());

        table.remove(3, slot);

        assertEquals(List.of(), table.snapshot());
        assertTrue(table.isEmpty());
    }

    @Test
    void addAndRemove_manyTimesOneAtATime_reusesItsSlotsAndDoesNotGrow() {
        SlotTable<String> table = new SlotTable<>();
        int first = table.add(0, "x");
        table.remove(0, first);
        int capacity = table.capacity();

        for (int i = 0; i < 100_000; i++) {
            table.remove(0, table.add(0, "x" + i));
        }

        assertEquals(capacity, table.capacity());
        assertTrue(table.isEmpty());
    }

    @Test
    void add_moreItemsThanAChunkInOneStripe_growsAndKeepsEveryItem() {
        SlotTable<Integer> table = new SlotTable<>();
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            slots.add(table.add(7, i));
        }

        assertEquals(5_000, new HashSet<>(slots).size(), "every item got a slot of its own");
        assertEquals(5_000, table.size());
        assertEquals(5_000, new HashSet<>(table.snapshot()).size());
        for (int slot : slots) {
            table.remove(7, slot);
        }
        assertTrue(table.isEmpty());
    }

    @Test
    void addAndRemove_eightThreadsOnAllStripes_noSlotSharedAndExactlyTheHeldItemsRemain() throws Exception {
        hammer(SlotTable.STRIPES, new SlotTable<>());
    }

    @Test
    void addAndRemove_eightThreadsOnOneStripe_noSlotSharedAndExactlyTheHeldItemsRemain() throws Exception {
        hammer(1, new SlotTable<>()); // the most contention on one free stack: where a lost tag would hand one slot to two items
    }

    @Test
    void addAndRemove_eightThreadsOnOneStripeGrowingByTwoSlots_noSlotSharedAndExactlyTheHeldItemsRemain() throws Exception {
        hammer(1, new SlotTable<>(2)); // a grow under the lock races with pops and pushes every few adds
    }

    @Test
    void new_chunkNotAPowerOfTwo_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SlotTable<String>(3));
        assertThrows(IllegalArgumentException.class, () -> new SlotTable<String>(0));
    }

    private static void hammer(int stripes, SlotTable<String> table) throws Exception {
        ConcurrentHashMap<Long, String> owners = new ConcurrentHashMap<>(); // stripe << 32 | slot -> the item in it
        Set<String> keptAtTheEnd = ConcurrentHashMap.newKeySet();
        AtomicReference<String> clash = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                record Held(int stripe, int slot, String item) {}
                List<Held> held = new ArrayList<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200_000; i++) {
                    if (held.isEmpty() || (held.size() < 64 && random.nextInt(100) < 55)) {
                        String item = thread + ":" + i;
                        int stripe = random.nextInt(stripes);
                        int slot = table.add(stripe, item);
                        String before = owners.putIfAbsent((long) stripe << 32 | slot, item);
                        if (before != null) {
                            clash.compareAndSet(null, item + " got the slot of " + before);
                        }
                        held.add(new Held(stripe, slot, item));
                    } else {
                        Held h = held.remove(random.nextInt(held.size()));
                        owners.remove((long) h.stripe() << 32 | h.slot(), h.item());
                        table.remove(h.stripe(), h.slot());
                    }
                }
                held.forEach(h -> keptAtTheEnd.add(h.item()));
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertEquals(null, clash.get());
        List<String> snapshot = table.snapshot();
        assertEquals(keptAtTheEnd.size(), snapshot.size(), "no item twice, none lost");
        assertEquals(keptAtTheEnd, new HashSet<>(snapshot));
        assertEquals(keptAtTheEnd.size(), table.size());
        assertNotEquals(0, keptAtTheEnd.size());
    }
}
