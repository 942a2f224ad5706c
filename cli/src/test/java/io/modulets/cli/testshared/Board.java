package io.modulets.cli.testshared;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A host-side static map that module code can write on (the test host shares this package with modules): an object of
 * a module's class put here keeps that version's loader alive, which is a leak the runtime suspects.
 */
public final class Board {

    private static final ConcurrentHashMap<String, Object> NOTES = new ConcurrentHashMap<>();

    private Board() {
    }

    /** Writes {@code value} under {@code key}. */
    public static void put(String key, Object value) {
        NOTES.put(key, value);
    }
}
