package io.modulets.testshared;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A host's thread pool, as a platform-layer service module code can hand work to: one platform thread, made with
 * the host's loader as context loader (never a job's), that lives for the whole test JVM, as a host's pool does.
 */
public final class HostPool {

    private static final ExecutorService POOL = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "host-pool");
        thread.setDaemon(true);
        thread.setContextClassLoader(HostPool.class.getClassLoader());
        return thread;
    });

    /** A ThreadLocal of the host's own, in which module code can leave a value on the host's thread. */
    private static final ThreadLocal<Object> REMEMBERED = new ThreadLocal<>();

    private HostPool() {
    }

    /** Runs {@code task} on the host's thread and waits for it. */
    public static void run(Runnable task) {
        try {
            POOL.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Leaves {@code value} in the host's own ThreadLocal on the host's thread. */
    public static void remember(Object value) {
        run(() -> REMEMBERED.set(value));
    }

    /** Whether the host's thread still sees a value in the host's own ThreadLocal. */
    public static boolean remembersSomething() {
        boolean[] seen = new boolean[1];
        run(() -> seen[0] = REMEMBERED.get() != null);
        return seen[0];
    }
}
