package io.modulets.supervisor;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What runs on a child's thread: turns the child's run into an {@link ExitReason}. Never throws.
 */
sealed interface ChildTask {

    ExitReason run(ChildContext context);

    /** A user's {@link ChildBody}. */
    record Worker(ChildBody body) implements ChildTask {
        @Override
        public ExitReason run(ChildContext context) {
            try {
                body.run(context);
                return context.stopRequested() ? ExitReason.SHUTDOWN : ExitReason.NORMAL;
            } catch (InterruptedException e) {
                return ExitReason.SHUTDOWN;
            } catch (Throwable t) {
                return context.stopRequested() && causedByInterrupt(t) ? ExitReason.SHUTDOWN
                        : new ExitReason.Failure(t);
            }
        }

        private static boolean causedByInterrupt(Throwable t) {
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
                if (c instanceof InterruptedException || c instanceof InterruptedIOException
                        || c instanceof ClosedByInterruptException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A nested supervisor: its exit reason becomes the child's. */
    record NestedSupervisor(SupervisorSpec spec) implements ChildTask {
        @Override
        public ExitReason run(ChildContext context) {
            Supervisor nested;
            try {
                nested = Supervisor.start(spec);
            } catch (Throwable t) {
                return new ExitReason.Failure(t);
            }
            try {
                return nested.awaitTermination();
            } catch (InterruptedException e) {
                nested.shutdown();
                return nested.termination().toCompletableFuture().join();
            }
        }
    }
}
