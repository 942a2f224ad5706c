package io.modulets.runtime.job;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import io.modulets.runtime.LincheckScenarios;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * The running-jobs table under a model checker (Lincheck): adds, removes, sizes and snapshots from three threads,
 * in the interleavings Lincheck picks, against a multiset.
 *
 * <p>The races of the free-slot stack (a pop descheduled between reading the next free slot and its CAS, while
 * other threads pop that slot and the next one and push the first back: ABA) cannot be hit on two cores, so
 * Lincheck runs the threads one at a time, switching between them at shared accesses. All operations use one
 * stripe, so that they meet on one stack, and the table grows by chunks of two slots, so that growing races
 * with pops and pushes too.
 *
 * <p>The contract (each remove is for a slot that an add of the same thread returned) is kept by the operations:
 * each thread keeps the slots it holds, and {@link #removeOwn} gives back its oldest one (oldest first: that is
 * what puts a slot back on the stack above another one, as an ABA needs). The specification ({@link Spec}) is a
 * multiset of items, kept per thread; a scan is taken as one step (see the options), and at the end
 * {@link #validate} checks that the table holds exactly the items the threads hold.
 */
@Param(name = "thread", gen = ThreadIdGen.class)
public class SlotTableLincheckTest {

    private static final int STRIPE = 5;
    private static final int THREADS = 3; // ThreadIdGen numbers the init part 0, the parallel threads 1..THREADS, the post part THREADS+1
    /** Random scenarios, besides the pinned one; each is explored in up to {@link #INVOCATIONS} interleavings. */
    private static final int ITERATIONS = 10;
    /** The pinned ABA needs about 30 (a run on the untagged stack found it at 30 and not at 20); 10 times that. */
    private static final int INVOCATIONS = 300;

    /** Chunks of two slots: the third item held at once makes the stripe grow, under the model checker too. */
    private final SlotTable<Integer> table = new SlotTable<>(2);
    /** Per thread: the slots it holds, oldest first, and the items in them, in step. */
    private final Held[] held = new Held[THREADS + 2];

    /** A slot and its item (a class, not a record: Lincheck reads fields through offsets, which records lack). */
    private static final class Entry {
        final int slot;
        final int item;

        Entry(int slot, int item) {
            this.slot = slot;
            this.item = item;
        }
    }

    /** One thread's own bookkeeping: not shared, so the model checker is told to ignore it (see the options). */
    static final class Held {
        private final ArrayDeque<Entry> entries = new ArrayDeque<>();
        private int added;

        int nextRank() {
            return added++;
        }

        void push(int slot, int item) {
            entries.addLast(new Entry(slot, item));
        }

        Entry pollOldest() {
            return entries.pollFirst();
        }

        void addItemsTo(List<Integer> items) {
            entries.forEach(e -> items.add(e.item));
        }
    }

    public SlotTableLincheckTest() {
        for (int t = 0; t < held.length; t++) {
            held[t] = new Held();
        }
    }

    /** An item names its thread and its rank in that thread's adds: 100 * thread + rank. */
    private static int item(int thread, int rank) {
        return 100 * thread + rank;
    }

    @Operation
    public void add(@Param(name = "thread") int thread) {
        Held h = held[thread];
        int item = item(thread, h.nextRank());
        h.push(table.add(STRIPE, item), item);
    }

    /** Removes this thread's oldest item; its item, or -1 if it holds none. */
    @Operation
    public int removeOwn(@Param(name = "thread") int thread) {
        Entry oldest = held[thread].pollOldest();
        if (oldest == null) {
            return -1;
        }
        table.remove(STRIPE, oldest.slot);
        return oldest.item;
    }

    @Operation
    public int size() {
        return table.size();
    }

    /** The items, sorted. */
    @Operation
    public List<Integer> snapshot() {
        List<Integer> items = new ArrayList<>(table.snapshot());
        Collections.sort(items);
        return items;
    }

    /** Once the threads are done: the table holds exactly the items held, each once, and its size says so. */
    @Validate
    public void validate() {
        List<Integer> expected = new ArrayList<>();
        for (Held h : held) {
            h.addItemsTo(expected);
        }
        Collections.sort(expected);
        List<Integer> actual = new ArrayList<>(table.snapshot());
        Collections.sort(actual);
        if (!actual.equals(expected) || table.size() != expected.size()) {
            throw new IllegalStateException("the table holds " + actual + " (size " + table.size()
                    + ") but the threads hold " + expected);
        }
    }

    /** The sequential specification: a multiset of items per thread. */
    public static class Spec {
        private final ArrayDeque<Integer>[] held;
        private final int[] added = new int[THREADS + 2];

        @SuppressWarnings("unchecked")
        public Spec() {
            held = new ArrayDeque[THREADS + 2];
            for (int t = 0; t < held.length; t++) {
                held[t] = new ArrayDeque<>();
            }
        }

        public void add(int thread) {
            held[thread].addLast(item(thread, added[thread]++));
        }

        public int removeOwn(int thread) {
            Integer oldest = held[thread].pollFirst();
            return oldest == null ? -1 : oldest;
        }

        public int size() {
            int size = 0;
            for (ArrayDeque<Integer> items : held) {
                size += items.size();
            }
            return size;
        }

        public List<Integer> snapshot() {
            List<Integer> items = new ArrayList<>();
            for (ArrayDeque<Integer> own : held) {
                items.addAll(own);
            }
            Collections.sort(items);
            return items;
        }
    }

    /**
     * The interleaving an ABA needs, pinned so that every run explores it (random scenarios reach it too, but only
     * now and then). Thread 1's pop reads the top slot x and the one under it, y, and waits before its CAS; thread 2
     * pops x, pops y and pushes x back, so thread 1's CAS sees the top it read. Only the tag tells it that the stack
     * changed: without it, y (which thread 2 holds) becomes the top again, the post part's add takes it too, and its
     * item replaces thread 2's.
     */
    private static ExecutionScenario popPopPushWhileAPopWaits() {
        return new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("add", 1)), List.of(actor("add", 2), actor("add", 2), actor("removeOwn", 2))),
                List.of(actor("add", THREADS + 1), actor("snapshot")),
                null);
    }

    private static Actor actor(String operation, Object... arguments) {
        return LincheckScenarios.actor(SlotTableLincheckTest.class, operation, arguments);
    }

    @Test
    void addRemoveSizeAndSnapshot_interleavedOnOneStripe_matchAMultisetAndNoSlotIsShared() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                // Each thread's own bookkeeping is not shared: no switch point in it.
                .addGuarantee(forClasses(Held.class.getName()).allMethods().ignore())
                // A scan is one step: it reads only the slots, never a free stack, and a scan overlapped by adds and
                // removes is not linearizable by design (SlotTable.size: "not one atomic read").
                .addGuarantee(forClasses(SlotTable.class.getName()).methods("forEachItem").ignore())
                .addCustomScenario(popPopPushWhileAPopWaits())
                .threads(THREADS)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(1)
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .check(getClass());
    }
}
