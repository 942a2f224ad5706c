package io.modulets.server;

import io.quarkus.runtime.Quarkus;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) stop the server cleanly, with exit status 0. The JVM's own handling of them runs the
 * shutdown hooks and exits with 128 + the signal's number (143 for SIGTERM) however clean the stop was; these
 * handlers replace it: the first signal asks Quarkus to exit ({@code Quarkus.asyncExit()}, with no status, since the
 * first status given wins over what the application returns), and the server's main then drains the runtime and
 * chooses the status. A second signal during the drain ends the process at once
 * ({@code Runtime.halt}, status 128 + its number), without waiting for running jobs: the store and history are
 * crash-safe, so nothing is corrupted, but those jobs are cut off.
 */
final class ShutdownSignals {

    private static final Logger LOG = Logger.getLogger("io.modulets.server");

    private final AtomicInteger received = new AtomicInteger();
    private final IntSupplier runningJobs;

    private ShutdownSignals(IntSupplier runningJobs) {
        this.runningJobs = runningJobs;
    }

    /** Installs the handlers for SIGTERM and SIGINT; {@code runningJobs} counts what a second signal cuts off. */
    static void install(IntSupplier runningJobs) {
        ShutdownSignals signals = new ShutdownSignals(runningJobs);
        SignalHandler handler = signals::handle;
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

    private void handle(Signal signal) {
        if (received.getAndIncrement() == 0) {
            LOG.infof("SIG%s received: stopping (send it again to exit at once, without draining)", signal.getName());
            Quarkus.asyncExit();
            return;
        }
        int status = 128 + signal.getNumber();
        LOG.warnf("SIG%s received again: exiting now with status %d, without waiting for %d running jobs", signal.getName(),
                status, runningJobs.getAsInt());
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
