package io.modulets.runtime.job;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A concurrent set of items, each at a slot it keeps, with no lock and no allocation on {@link #add} and
 * {@link #remove}: the runtime's running jobs, so that {@code close()} can drain and cancel them.
 *
 * <p>Every submit adds a job and every end removes it, from many threads at once, so this sits on the hot
 * path. It takes no lock there and walks no list:
 * <ul>
 *   <li>A lock held by a submitting platform thread that the OS deschedules makes every other submitter and
 *       every ending job wait for that thread's next time slice; on two cores, JFR showed waits of 10 to 60 ms
 *       on a striped lock.
 *   <li>Unlinking ended jobs lazily from a lock-free list cost a cache miss per job visited: 16% of the CPU.
 * </ul>
 *
 * <p>Design: 16 stripes (the caller picks one per item, e.g. by sequence number), each a table of slots plus a
 * lock-free stack of its free slots. {@link #add} pops a free slot (one CAS) and stores the item in it;
 * {@link #remove} clears the slot and pushes it back (one CAS). The stack's head carries a tag that every
 * change increments, so a slot popped and pushed back between another thread's read and its CAS makes that
 * CAS fail (no ABA). A stripe grows by a chunk of {@value #CHUNK} slots, under a lock, when its stack is
 * empty; it never shrinks, so its size is the most items it ever held at once (8 bytes a slot). (A test can
 * ask for smaller chunks, so that a model checker reaches growth and slot reuse in a few steps.)
 * {@link #snapshot} and {@link #size} scan the slots.
 */
final class SlotTable<T> {

    static final int STRIPES = 16; // a power of two
    private static final int CHUNK = 1024; // a power of two
    private static final VarHandle FREE;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            FREE = MethodHandles.lookup().findVarHandle(Stripe.class, "free", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One stripe. {@code free} is (tag << 32) | (top free slot + 1), with 0 in the low half when none is free. */
    @SuppressWarnings("unused") // the padding keeps neighbouring stripes' stack heads off one cache line
    private static final class Stripe {
        long p1, p2, p3, p4, p5, p6, p7, p8;
        volatile long free;
        /** Chunks of slots; replaced (copied and extended) under {@code this} lock when the stripe grows. */
        volatile Object[][] slots = new Object[0][];
        /** Per slot, the next free slot + 1 (0: none); read and written only around a CAS on {@code free}. */
        volatile int[][] nextFree = new int[0][];
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Slots per chunk: {@code 1 << chunkShift}; slot {@code n} is at {@code slots[n >>> chunkShift][n & chunkMask]}. */
    private final int chunkShift;
    private final int chunkMask;

    SlotTable() {
        this(CHUNK);
    }

    /** A table whose stripes grow by {@code chunk} slots at a time, a power of two. */
    SlotTable(int chunk) {
        if (chunk <= 0 || Integer.bitCount(chunk) != 1) {
            throw new IllegalArgumentException("chunk must be a power of two: " + chunk);
        }
        chunkShift = Integer.numberOfTrailingZeros(chunk);
        chunkMask = chunk - 1;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The stripe for the item with sequence number {@code sequence}. */
    static int stripeOf(long sequence) {
        return (int) (sequence & (STRIPES - 1));
    }

    /**
     * Adds {@code item} to stripe {@code stripe}.
     *
     * @return its slot, for {@link #remove}
     */
    int add(int stripe, T item) {
        Stripe s = stripes[stripe];
        int slot = popFree(s);
        SLOT.setRelease(s.slots[slot >>> chunkShift], slot & chunkMask, item);
        return slot;
    }

    /** Removes the item that {@link #add} put at {@code slot} of {@code stripe}; once per add. */
    void remove(int stripe, int slot) {
        Stripe s = stripes[stripe];
        SLOT.setRelease(s.slots[slot >>> chunkShift], slot & chunkMask, (Object) null);
        pushFree(s, slot, slot);
    }

    /** The number of items now (a scan of every slot, not one atomic read). */
    int size() {
        int[] size = {0};
        forEachItem(item -> size[0]++);
        return size[0];
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The items now. */
    @SuppressWarnings("unchecked")
    List<T> snapshot() {
        List<T> items = new ArrayList<>();
        forEachItem(item -> items.add((T) item));
        return items;
    }

    private void forEachItem(Consumer<Object> action) {
        for (Stripe stripe : stripes) {
            for (Object[] chunk : stripe.slots) {
                for (int i = 0; i < chunk.length; i++) {
                    Object item = SLOT.getAcquire(chunk, i);
                    if (item != null) {
                        action.accept(item);
                    }
                }
            }
        }
    }

    /** The slots the table has, used or not: the most items it ever held, rounded up to whole chunks. */
    int capacity() {
        int capacity = 0;
        for (Stripe stripe : stripes) {
            capacity += stripe.slots.length << chunkShift;
        }
        return capacity;
    }

    private int popFree(Stripe stripe) {
        for (;;) {
            long head = stripe.free;
            int top = (int) head - 1;
            if (top < 0) {
                grow(stripe);
                continue;
            }
            int next = stripe.nextFree[top >>> chunkShift][top & chunkMask];
            if (FREE.compareAndSet(stripe, head, tagged(head, next))) {
                return top;
            }
        }
    }

    /** Pushes the chain of free slots {@code first} .. {@code last} (already linked through nextFree). */
    private void pushFree(Stripe stripe, int first, int last) {
        int[] links = stripe.nextFree[last >>> chunkShift];
        for (;;) {
            long head = stripe.free;
            links[last & chunkMask] = (int) head; // the old top + 1, or 0
            if (FREE.compareAndSet(stripe, head, tagged(head, first + 1))) {
                return;
            }
        }
    }

    /** The next head after {@code head}: a new tag, and {@code topPlusOne} as top. */
    private static long tagged(long head, int topPlusOne) {
        return ((head >>> 32) + 1) << 32 | (topPlusOne & 0xFFFF_FFFFL);
    }

    /** Adds a chunk of free slots to the stripe, unless another thread has just done so. */
    private void grow(Stripe stripe) {
        synchronized (stripe) {
            if ((int) stripe.free != 0) {
                return;
            }
            Object[][] slots = stripe.slots;
            int chunk = slots.length;
            int size = chunkMask + 1;
            int[] links = new int[size];
            int base = chunk << chunkShift;
            for (int i = 0; i < size - 1; i++) {
                links[i] = base + i + 2; // slot base+i -> slot base+i+1, as slot + 1
            }
            int[][] nextFree = Arrays.copyOf(stripe.nextFree, chunk + 1);
            nextFree[chunk] = links;
            stripe.nextFree = nextFree;
            slots = Arrays.copyOf(slots, chunk + 1);
            slots[chunk] = new Object[size];
            stripe.slots = slots; // published before the new slots can be popped
            pushFree(stripe, base, base + size - 1);
        }
    }
}
