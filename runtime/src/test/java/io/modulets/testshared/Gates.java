package io.modulets.testshared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Latches shared between tests and the module code they run: the tests' runtimes share this package with
 * modules ({@code sharedPackage("io.modulets.testshared")}), so a job can wait for the test to let it go.
 */
public final class Gates {

    private static final ConcurrentHashMap<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private Gates() {
    }

    /** Blocks until {@link #open(String)} is called for {@code name}, for at most a minute. */
    public static void await(String name) throws InterruptedException {
        if (!gate(name).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate " + name + " was not opened within 60 s");
        }
    }

    /** Lets every waiter of {@code name} through, now and later. */
    public static void open(String name) {
        gate(name).countDown();
    }

    private static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, n -> new CountDownLatch(1));
    }
}
