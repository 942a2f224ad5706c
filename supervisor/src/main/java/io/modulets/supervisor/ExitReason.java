package io.modulets.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a child or a supervisor ended. Exit reasons are plain values: a supervisor never throws them at
 * anybody, it hands them to the restart decision, to its {@linkplain Supervisor#events() events} and, for
 * the supervisor itself, to {@link Supervisor#awaitTermination()}.
 *
 * <p>All implementations are immutable records and null-hostile.
 */
public sealed interface ExitReason
        permits ExitReason.Normal, ExitReason.Shutdown, ExitReason.Failure, ExitReason.Escalated {

    /** The one {@link Normal} value. */
    Normal NORMAL = new Normal();

    /** The one {@link Shutdown} value. */
    Shutdown SHUTDOWN = new Shutdown();

    /**
     * Whether this exit is abnormal, that is, makes a {@link RestartType#TRANSIENT} child restart.
     *
     * @return true for {@link Failure} and {@link Escalated}
     */
    boolean isAbnormal();

    /**
     * The throwable at the bottom of this reason, if any: the cause of a {@link Failure}, or for an
     * {@link Escalated} supervisor the failure of the child whose exit made it give up (searched through
     * nested escalations).
     *
     * @return the failure, or empty for normal exits and shutdowns
     */
    default Optional<Throwable> failure() {
        return switch (this) {
            case Failure f -> Optional.of(f.cause());
            case Escalated e -> e.lastExit().failure();
            case Normal n -> Optional.empty();
            case Shutdown s -> Optional.empty();
        };
    }

    /** The child returned from its body: its work is done. For a supervisor: not used. */
    record Normal() implements ExitReason {
        @Override
        public boolean isAbnormal() {
            return false;
        }
    }

    /**
     * The child was stopped: its supervisor asked it to (or its thread was interrupted and it gave up). A
     * supervisor ends with Shutdown after {@link Supervisor#shutdown()}, after its parent stopped it, and
     * after an {@linkplain AutoShutdown auto-shutdown}.
     */
    record Shutdown() implements ExitReason {
        @Override
        public boolean isAbnormal() {
            return false;
        }
    }

    /**
     * The child's body threw.
     *
     * @param cause what it threw; never null
     */
    record Failure(Throwable cause) implements ExitReason {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if {@code cause} is null
         */
        public Failure {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public boolean isAbnormal() {
            return true;
        }
    }

    /**
     * A supervisor gave up: a child needed a restart, but that restart would have been more than
     * {@code intensity} restarts within {@code period}. The supervisor stopped all its other children and
     * ended. Its parent (if any) sees this as an abnormal exit of the child supervisor.
     *
     * @param supervisor the name of the supervisor that gave up
     * @param childId    the child whose exit was one too many
     * @param lastExit   that child's exit reason (itself an Escalated when the child is a supervisor)
     * @param intensity  the supervisor's restart intensity
     * @param period     the supervisor's restart period
     */
    record Escalated(String supervisor, String childId, ExitReason lastExit, int intensity, Duration period)
            implements ExitReason {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if any reference is null
         */
        public Escalated {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(childId, "childId");
            Objects.requireNonNull(lastExit, "lastExit");
            Objects.requireNonNull(period, "period");
        }

        @Override
        public boolean isAbnormal() {
            return true;
        }

        /** {@return a sentence naming the supervisor, the child and the child's last exit} */
        @Override
        public String toString() {
            return "Escalated[supervisor '" + supervisor + "' exceeded its restart intensity of " + intensity
                    + (intensity == 1 ? " restart" : " restarts") + " in " + period + " when child '" + childId
                    + "' exited with " + lastExit + "]";
        }
    }
}
