package io.modulets.demos.shared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A named latch the demo shares with module code (its package is configured as a shared package, so the
 * same class serves the host and every namespace). Jobs wait on it until every job has started.
 */
public final class Gate {

    private static final ConcurrentHashMap<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private Gate() {
    }

    /** Blocks until {@link #open} is called for {@code name}; gives up after five minutes. */
    public static void await(String name) throws InterruptedException {
        if (!latch(name).await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("gate '" + name + "' was never opened");
        }
    }

    /** Opens the gate {@code name} for every waiter. */
    public static void open(String name) {
        latch(name).countDown();
    }

    private static CountDownLatch latch(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }
}
