package io.modulets.testshared;

/**
 * A platform-layer library that starts a thread of its own on whichever thread first calls it, as a host
 * library's lazily started worker does: called on a job's thread, the new thread inherits the job's module loader
 * as its context class loader, though it runs only host code.
 */
public final class HostThreads {

    private HostThreads() {
    }

    /** Starts a daemon platform thread named {@code name} that waits on gate {@code name}. */
    public static void startWaiting(String name) {
        Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                Gates.await(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
