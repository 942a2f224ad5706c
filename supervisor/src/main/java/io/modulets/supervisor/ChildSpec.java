package io.modulets.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run, restart and stop one child of a supervisor (OTP's child spec). Immutable and thread-safe.
 * Built with {@link #worker(String, ChildBody)} or {@link #supervisor(String, SupervisorSpec)}; every
 * method is null-hostile.
 *
 * <p>Defaults, as in OTP: restart {@link RestartType#PERMANENT}, not significant, shutdown timeout 5 seconds
 * for a worker and infinity for a supervisor.
 */
public final class ChildSpec {

    /** OTP's default shutdown timeout for workers. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final String id;
    private final RestartType restart;
    private final Duration shutdownTimeout; // null: infinity
    private final boolean significant;
    private final boolean supervisor;
    private final ChildTask task;

    private ChildSpec(Builder builder) {
        this.id = builder.id;
        this.restart = builder.restart == null ? RestartType.PERMANENT : builder.restart;
        this.shutdownTimeout = builder.shutdownSet ? builder.shutdownTimeout
                : builder.supervisor ? null : DEFAULT_SHUTDOWN_TIMEOUT;
        this.significant = builder.significant != null && builder.significant;
        this.supervisor = builder.supervisor;
        this.task = builder.task;
    }

    /**
     * Starts a spec for a worker child that runs {@code body}.
     *
     * @param id   the child's id, unique within its supervisor; not blank
     * @param body the code to run on each start
     * @return a builder
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code id} is blank
     */
    public static Builder worker(String id, ChildBody body) {
        Objects.requireNonNull(body, "body");
        return new Builder(id, new ChildTask.Worker(body), false);
    }

    /**
     * Starts a spec for a child that is itself a supervisor. Each start of the child starts a new
     * supervisor from {@code spec}; the child's exit reason is that supervisor's exit reason, so a nested
     * supervisor that gives up ({@link ExitReason.Escalated}) is an abnormal exit for its parent. Stopping
     * the child shuts the nested supervisor down. Unless {@code spec} sets its own context class loader or
     * thread factory, the nested supervisor inherits its parent's.
     *
     * @param id   the child's id, unique within its supervisor; not blank
     * @param spec the nested supervisor's spec
     * @return a builder whose shutdown timeout defaults to infinity
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code id} is blank
     */
    public static Builder supervisor(String id, SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new Builder(id, new ChildTask.NestedSupervisor(spec), true);
    }

    /** {@return the child's id, unique within its supervisor} */
    public String id() {
        return id;
    }

    /** {@return when the child is restarted} */
    public RestartType restart() {
        return restart;
    }

    /**
     * How long the supervisor waits for the child to end after interrupting it before it abandons it.
     *
     * @return the timeout, or empty for infinity (wait as long as it takes)
     */
    public Optional<Duration> shutdownTimeout() {
        return Optional.ofNullable(shutdownTimeout);
    }

    /** {@return whether the child's exit counts for its supervisor's {@link AutoShutdown}} */
    public boolean significant() {
        return significant;
    }

    /** {@return whether the child is a nested supervisor, built with {@link #supervisor(String, SupervisorSpec)}} */
    public boolean isSupervisor() {
        return supervisor;
    }

    ChildTask task() {
        return task;
    }

    @Override
    public String toString() {
        return "ChildSpec[" + id + ", " + (supervisor ? "supervisor" : "worker") + ", " + restart
                + ", shutdown " + (shutdownTimeout == null ? "infinity" : shutdownTimeout)
                + (significant ? ", significant" : "") + "]";
    }

    /**
     * Builds a {@link ChildSpec}. Each property can be set once; setting it again fails and names the value
     * already set. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private final ChildTask task;
        private final boolean supervisor;
        private RestartType restart;
        private boolean shutdownSet;
        private Duration shutdownTimeout;
        private Boolean significant;

        private Builder(String id, ChildTask task, boolean supervisor) {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("child id must not be blank");
            }
            this.id = id;
            this.task = task;
            this.supervisor = supervisor;
        }

        /**
         * Sets when the child is restarted (default {@link RestartType#PERMANENT}).
         *
         * @param restart the restart type
         * @return this builder
         * @throws IllegalStateException if the restart type was already set
         */
        public Builder restart(RestartType restart) {
            Objects.requireNonNull(restart, "restart");
            if (this.restart != null) {
                throw new IllegalStateException(
                        "restart type of child '" + id + "' was already set to " + this.restart);
            }
            this.restart = restart;
            return this;
        }

        /**
         * Sets how long the supervisor waits for the child after interrupting it (default 5 seconds for a
         * worker, infinity for a supervisor). {@link Duration#ZERO} interrupts and abandons at once unless
         * the child has already ended: the nearest thing to OTP's {@code brutal_kill}.
         *
         * @param timeout a duration, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is negative
         * @throws IllegalStateException    if the shutdown timeout was already set
         */
        public Builder shutdownTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException(
                        "shutdown timeout of child '" + id + "' must not be negative, was " + timeout);
            }
            setShutdown(timeout);
            return this;
        }

        /**
         * Makes the supervisor wait as long as the child takes to end after it was interrupted (OTP's
         * {@code infinity}; the default for supervisors). Use it for workers only when their cleanup is
         * sure to finish, since the supervisor's own shutdown waits for it.
         *
         * @return this builder
         * @throws IllegalStateException if the shutdown timeout was already set
         */
        public Builder shutdownInfinity() {
            setShutdown(null);
            return this;
        }

        private void setShutdown(Duration timeout) {
            if (shutdownSet) {
                throw new IllegalStateException("shutdown timeout of child '" + id + "' was already set to "
                        + (shutdownTimeout == null ? "infinity" : shutdownTimeout));
            }
            shutdownSet = true;
            shutdownTimeout = timeout;
        }

        /**
         * Marks the child significant for its supervisor's {@link AutoShutdown} (default false). Only
         * transient and temporary children can be significant, and only under a supervisor whose
         * auto-shutdown is not {@link AutoShutdown#NEVER}.
         *
         * @param significant whether the child is significant
         * @return this builder
         * @throws IllegalStateException if the flag was already set
         */
        public Builder significant(boolean significant) {
            if (this.significant != null) {
                throw new IllegalStateException(
                        "significant flag of child '" + id + "' was already set to " + this.significant);
            }
            this.significant = significant;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the immutable child spec
         * @throws IllegalArgumentException if the child is significant and permanent
         */
        public ChildSpec build() {
            if (Boolean.TRUE.equals(significant) && (restart == null || restart == RestartType.PERMANENT)) {
                throw new IllegalArgumentException("child '" + id + "' is significant but its restart type is "
                        + "PERMANENT" + (restart == null ? " (the default)" : "") + "; a permanent child is "
                        + "always restarted, so it can never end and trigger an auto-shutdown. Make it "
                        + "TRANSIENT or TEMPORARY, or drop significant(true)");
            }
            return new ChildSpec(this);
        }
    }
}
