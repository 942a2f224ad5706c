package io.modulets.runtime.heap;

/**
 * A map from heap-dump object ids to ints: open addressing with linear probing over two primitive arrays, at
 * most 70% full, so a dump's millions of objects cost about 17 bytes each and no boxing. The capacity need not be a
 * power of two (a slot is picked by multiplying the hash by it), so a map sized for its entries stays near 70%.
 * Id 0 (the null reference) cannot be a key. Not thread-safe.
 */
final class IdMap {

    /** What {@link #get} returns for an id that is not in the map. */
    static final int ABSENT = -1;

    private long[] keys;
    private int[] values;
    private int size;

    /** A map sized for {@code expected} entries without growing. */
    IdMap(int expected) {
        allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, expected * 10L / 7 + 1)));
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
    }

    /** Maps {@code id} to {@code value}, replacing an earlier value. */
    void put(long id, int value) {
        if (id == 0) {
            throw new IllegalArgumentException("id 0 is the null reference, not an object");
        }
        if ((size + 1) * 10L > keys.length * 7L) {
            grow();
        }
        int slot = slot(id);
        if (keys[slot] == 0) {
            keys[slot] = id;
            size++;
        }
        values[slot] = value;
    }

    /** The value of {@code id}, or {@link #ABSENT}. */
    int get(long id) {
        if (id == 0) {
            return ABSENT;
        }
        int slot = slot(id);
        return keys[slot] == 0 ? ABSENT : values[slot];
    }

    int size() {
        return size;
    }

    /** The slot that holds {@code id}, or the empty one where it would go. */
    private int slot(long id) {
        int slot = (int) ((Integer.toUnsignedLong(hash(id)) * keys.length) >>> 32);
        while (keys[slot] != 0 && keys[slot] != id) {
            if (++slot == keys.length) {
                slot = 0;
            }
        }
        return slot;
    }

    /** Ids are addresses, aligned and close together: mix every bit into the low ones. */
    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate((int) Math.min(Integer.MAX_VALUE - 8, oldKeys.length * 2L));
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    @Override
    public String toString() {
        return "IdMap[" + size + " of " + keys.length + "]";
    }
}
