package io.modulets.testshared;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A board module code writes on and tests read: shared with modules like {@link Gates}, so a job can report
 * what it saw (a thread, a flag) while it is still running. Values must be platform types, or the board
 * keeps the module's loader alive; tests remove their keys when done.
 */
public final class Board {

    private static final ConcurrentHashMap<String, Object> NOTES = new ConcurrentHashMap<>();

    private Board() {
    }

    /** Writes {@code value} under {@code key}, replacing what was there. */
    public static void put(String key, Object value) {
        NOTES.put(key, value);
    }

    /** What was written under {@code key}, or null. */
    public static Object get(String key) {
        return NOTES.get(key);
    }

    /** Removes every key that starts with {@code prefix}. */
    public static void clear(String prefix) {
        NOTES.keySet().removeIf(key -> key.startsWith(prefix));
    }
}
