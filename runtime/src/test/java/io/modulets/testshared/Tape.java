package io.modulets.testshared;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Named logs shared between tests and the module code they run (a shared package, like {@link Gates}):
 * module code appends what it did, in order, and the test reads it.
 */
public final class Tape {

    private static final ConcurrentHashMap<String, List<String>> TAPES = new ConcurrentHashMap<>();

    private Tape() {
    }

    /** Appends {@code entry} to the tape {@code name}. */
    public static void record(String name, String entry) {
        tape(name).add(entry);
    }

    /** A snapshot of the tape {@code name}, in the order entries were recorded. */
    public static List<String> read(String name) {
        return List.copyOf(tape(name));
    }

    private static List<String> tape(String name) {
        return TAPES.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    }
}
