package io.modulets.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * Something a supervisor did, as published on {@link Supervisor#events()}. Every event names the
 * supervisor it comes from. Events of one supervisor are published in the order they happened, by the
 * supervisor's own loop; events of a nested supervisor go to that supervisor's stream only.
 *
 * <p>All implementations are immutable, null-hostile records.
 */
public sealed interface SupervisorEvent
        permits SupervisorEvent.ChildStarted, SupervisorEvent.ChildExited, SupervisorEvent.ChildRestarted,
                SupervisorEvent.ChildAbandoned, SupervisorEvent.SupervisorTerminated {

    /**
     * The name of the supervisor this event comes from.
     *
     * @return the supervisor's name
     */
    String supervisor();

    /**
     * A child was started for the first time: at supervisor start, or by
     * {@link Supervisor#startChild(Object...)}.
     *
     * @param supervisor the supervisor's name
     * @param childId    the child's id
     */
    record ChildStarted(String supervisor, String childId) implements SupervisorEvent {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if an argument is null
         */
        public ChildStarted {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(childId, "childId");
        }
    }

    /**
     * A child's run ended, on its own or because the supervisor stopped it.
     *
     * @param supervisor the supervisor's name
     * @param childId    the child's id
     * @param reason     how it ended
     */
    record ChildExited(String supervisor, String childId, ExitReason reason) implements SupervisorEvent {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if an argument is null
         */
        public ChildExited {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(childId, "childId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A child was started again after an exit (its own or, under ONE_FOR_ALL and REST_FOR_ONE, a
     * sibling's). Published instead of {@link ChildStarted} for restarts.
     *
     * @param supervisor the supervisor's name
     * @param childId    the child's id
     */
    record ChildRestarted(String supervisor, String childId) implements SupervisorEvent {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if an argument is null
         */
        public ChildRestarted {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(childId, "childId");
        }
    }

    /**
     * A child did not stop within its shutdown timeout after it was interrupted. The supervisor no longer
     * tracks it and went on; its thread may still be running, because a JVM thread cannot be killed.
     *
     * @param supervisor      the supervisor's name
     * @param childId         the child's id
     * @param shutdownTimeout how long the supervisor waited
     */
    record ChildAbandoned(String supervisor, String childId, Duration shutdownTimeout) implements SupervisorEvent {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if an argument is null
         */
        public ChildAbandoned {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(childId, "childId");
            Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        }
    }

    /**
     * The supervisor has stopped all its children and ended. Always the last event of a stream.
     *
     * @param supervisor the supervisor's name
     * @param reason     why it ended
     */
    record SupervisorTerminated(String supervisor, ExitReason reason) implements SupervisorEvent {
        /**
         * Creates the record.
         *
         * @throws NullPointerException if an argument is null
         */
        public SupervisorTerminated {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
