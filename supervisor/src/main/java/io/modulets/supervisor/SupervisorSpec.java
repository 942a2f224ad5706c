package io.modulets.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;

/**
 * Everything a {@link Supervisor} needs to run: its flags (strategy, restart intensity and period,
 * auto-shutdown), its children in start order, and how it makes threads (thread factory, context class
 * loader) and reads time. Immutable and thread-safe; one spec can start any number of supervisors.
 * Built with {@link #builder()}; every method is null-hostile.
 *
 * <p>Defaults, as in OTP: strategy {@link Strategy#ONE_FOR_ONE}, intensity 1, period 5 seconds,
 * auto-shutdown {@link AutoShutdown#NEVER}.
 */
public final class SupervisorSpec {

    /** OTP's default restart intensity. */
    public static final int DEFAULT_INTENSITY = 1;
    /** OTP's default restart period. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    private final String name;
    private final Strategy strategy;
    private final int intensity;
    private final Duration period;
    private final AutoShutdown autoShutdown;
    private final List<ChildSpec> children;
    private final LongSupplier nanoClock;
    private final ThreadFactory threadFactory;
    private final ClassLoader contextClassLoader;

    private SupervisorSpec(Builder b) {
        this.name = b.name == null ? "supervisor" : b.name;
        this.strategy = b.strategy == null ? Strategy.ONE_FOR_ONE : b.strategy;
        this.intensity = b.intensity == null ? DEFAULT_INTENSITY : b.intensity;
        this.period = b.period == null ? DEFAULT_PERIOD : b.period;
        this.autoShutdown = b.autoShutdown == null ? AutoShutdown.NEVER : b.autoShutdown;
        this.children = List.copyOf(b.children);
        this.nanoClock = b.nanoClock == null ? System::nanoTime : b.nanoClock;
        this.threadFactory = b.threadFactory;
        this.contextClassLoader = b.contextClassLoader;
    }

    private SupervisorSpec(SupervisorSpec from, ThreadFactory threadFactory, ClassLoader contextClassLoader) {
        this.name = from.name;
        this.strategy = from.strategy;
        this.intensity = from.intensity;
        this.period = from.period;
        this.autoShutdown = from.autoShutdown;
        this.children = from.children;
        this.nanoClock = from.nanoClock;
        this.threadFactory = threadFactory;
        this.contextClassLoader = contextClassLoader;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the supervisor's name, used in events, logs, thread names and exit reasons} */
    public String name() {
        return name;
    }

    /** {@return the restart strategy} */
    public Strategy strategy() {
        return strategy;
    }

    /** {@return the most restarts allowed within {@link #period()}; one more makes the supervisor give up} */
    public int intensity() {
        return intensity;
    }

    /** {@return the sliding window over which restarts are counted} */
    public Duration period() {
        return period;
    }

    /** {@return when significant children shut the supervisor down} */
    public AutoShutdown autoShutdown() {
        return autoShutdown;
    }

    /**
     * The child specs in start order; for {@link Strategy#SIMPLE_ONE_FOR_ONE}, the single template of every
     * dynamic child.
     *
     * @return an unmodifiable list
     */
    public List<ChildSpec> children() {
        return children;
    }

    /** {@return the source of monotonic nanoseconds that restart intensity is measured with} */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** {@return the factory for child threads, or empty for the default (named virtual threads)} */
    public Optional<ThreadFactory> threadFactory() {
        return Optional.ofNullable(threadFactory);
    }

    /**
     * {@return the context class loader set on every child thread, or empty for the default: the context
     * class loader of the thread that calls {@link Supervisor#start(SupervisorSpec)}}
     */
    public Optional<ClassLoader> contextClassLoader() {
        return Optional.ofNullable(contextClassLoader);
    }

    /**
     * A copy of this spec whose children's threads come from {@code threadFactory}, whatever this spec
     * said. For hosts that run supervisors on behalf of others (a Modulets job runs its tree on threads
     * that belong to the job); everything else is unchanged.
     *
     * @param threadFactory the factory, with the contract of {@link Builder#threadFactory(ThreadFactory)}
     * @return the copy
     */
    public SupervisorSpec withThreadFactory(ThreadFactory threadFactory) {
        Objects.requireNonNull(threadFactory, "threadFactory");
        return new SupervisorSpec(this, threadFactory, contextClassLoader);
    }

    /**
     * A copy of this spec whose child threads (and supervisor thread) get {@code loader} as context class
     * loader, whatever this spec said; everything else is unchanged.
     *
     * @param loader the loader
     * @return the copy
     */
    public SupervisorSpec withContextClassLoader(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return new SupervisorSpec(this, threadFactory, loader);
    }

    @Override
    public String toString() {
        return "SupervisorSpec[" + name + ", " + strategy + ", intensity " + intensity + " in " + period
                + ", auto-shutdown " + autoShutdown + ", children " + children.stream().map(ChildSpec::id).toList()
                + "]";
    }

    /**
     * Builds a {@link SupervisorSpec}. Each property can be set once; setting it again fails and names the
     * value already set. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private Strategy strategy;
        private Integer intensity;
        private Duration period;
        private AutoShutdown autoShutdown;
        private final List<ChildSpec> children = new ArrayList<>();
        private LongSupplier nanoClock;
        private ThreadFactory threadFactory;
        private ClassLoader contextClassLoader;

        private Builder() {
        }

        /**
         * Names the supervisor (default {@code "supervisor"}).
         *
         * @param name a non-blank name
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         * @throws IllegalStateException    if the name was already set
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("supervisor name must not be blank");
            }
            once(this.name, "name", "'" + this.name + "'");
            this.name = name;
            return this;
        }

        /**
         * Sets the restart strategy (default {@link Strategy#ONE_FOR_ONE}).
         *
         * @param strategy the strategy
         * @return this builder
         * @throws IllegalStateException if the strategy was already set
         */
        public Builder strategy(Strategy strategy) {
            Objects.requireNonNull(strategy, "strategy");
            once(this.strategy, "strategy", this.strategy);
            this.strategy = strategy;
            return this;
        }

        /**
         * Sets the restart intensity: the most restarts allowed within the period (default 1). Exactly
         * {@code intensity} restarts within the period are fine; the next one makes the supervisor stop its
         * children and end with {@link ExitReason.Escalated}. Zero means any restart does.
         *
         * @param intensity a count, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code intensity} is negative
         * @throws IllegalStateException    if the intensity was already set
         */
        public Builder intensity(int intensity) {
            if (intensity < 0) {
                throw new IllegalArgumentException("restart intensity must not be negative, was " + intensity);
            }
            once(this.intensity, "restart intensity", this.intensity);
            this.intensity = intensity;
            return this;
        }

        /**
         * Sets the restart period (default 5 seconds). A restart counts while it is at most this old
         * (inclusive, as in OTP).
         *
         * @param period a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code period} is zero or negative
         * @throws IllegalStateException    if the period was already set
         */
        public Builder period(Duration period) {
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.isNegative()) {
                throw new IllegalArgumentException("restart period must be positive, was " + period);
            }
            once(this.period, "restart period", this.period);
            this.period = period;
            return this;
        }

        /**
         * Sets when significant children shut the supervisor down (default {@link AutoShutdown#NEVER}).
         *
         * @param autoShutdown the rule
         * @return this builder
         * @throws IllegalStateException if auto-shutdown was already set
         */
        public Builder autoShutdown(AutoShutdown autoShutdown) {
            Objects.requireNonNull(autoShutdown, "autoShutdown");
            once(this.autoShutdown, "auto-shutdown", this.autoShutdown);
            this.autoShutdown = autoShutdown;
            return this;
        }

        /**
         * Adds a child; children start in the order they are added.
         *
         * @param child the child spec
         * @return this builder
         * @throws IllegalArgumentException if a child with the same id was already added
         */
        public Builder child(ChildSpec child) {
            Objects.requireNonNull(child, "child");
            for (ChildSpec existing : children) {
                if (existing.id().equals(child.id())) {
                    throw new IllegalArgumentException("child id '" + child.id() + "' is already used by "
                            + existing + "; child ids must be unique within a supervisor");
                }
            }
            children.add(child);
            return this;
        }

        /**
         * Sets the clock that restart intensity is measured with (default {@link System#nanoTime()}). Tests
         * pass a fake one to make intensity deterministic. Read on the supervisor's own thread only.
         *
         * @param nanoClock a source of monotonic nanoseconds
         * @return this builder
         * @throws IllegalStateException if the clock was already set
         */
        public Builder nanoClock(LongSupplier nanoClock) {
            Objects.requireNonNull(nanoClock, "nanoClock");
            once(this.nanoClock, "clock", this.nanoClock);
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * Sets the factory that makes each child's thread (default: a virtual thread named
         * {@code <supervisor>/<child id>}). The factory must return a new, unstarted thread; the supervisor
         * then sets the thread's context class loader (see {@link #contextClassLoader(ClassLoader)}) and
         * starts it. A factory that throws or returns null makes that start count as a failed child.
         * Children are meant to run on virtual threads; any other kind works but costs a platform thread
         * each. A nested supervisor without its own factory uses its parent's, so a whole tree runs on the
         * threads of whoever started its root.
         *
         * @param threadFactory the factory
         * @return this builder
         * @throws IllegalStateException if the factory was already set
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            Objects.requireNonNull(threadFactory, "threadFactory");
            once(this.threadFactory, "thread factory", this.threadFactory);
            this.threadFactory = threadFactory;
            return this;
        }

        /**
         * Sets the context class loader of every child thread, first starts and restarts alike, and of the
         * supervisor's own thread. Default: the context class loader of the thread that calls
         * {@link Supervisor#start(SupervisorSpec)}, captured once at start, so a supervisor started from a
         * job keeps that job's loader for every restart. A nested supervisor without its own setting
         * inherits its parent's.
         *
         * @param loader the loader
         * @return this builder
         * @throws IllegalStateException if the loader was already set
         */
        public Builder contextClassLoader(ClassLoader loader) {
            Objects.requireNonNull(loader, "loader");
            once(this.contextClassLoader, "context class loader", this.contextClassLoader);
            this.contextClassLoader = loader;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the immutable spec
         * @throws IllegalArgumentException if the children do not fit the flags: a SIMPLE_ONE_FOR_ONE
         *                                  supervisor without exactly one child spec, or a significant child
         *                                  under auto-shutdown NEVER
         */
        public SupervisorSpec build() {
            SupervisorSpec spec = new SupervisorSpec(this);
            if (spec.strategy == Strategy.SIMPLE_ONE_FOR_ONE && spec.children.size() != 1) {
                throw new IllegalArgumentException("supervisor '" + spec.name + "' is SIMPLE_ONE_FOR_ONE and "
                        + "needs exactly one child spec, the template for startChild; it has "
                        + spec.children.size());
            }
            if (spec.autoShutdown == AutoShutdown.NEVER) {
                for (ChildSpec child : spec.children) {
                    if (child.significant()) {
                        throw new IllegalArgumentException("child '" + child.id() + "' is significant but "
                                + "supervisor '" + spec.name + "' has auto-shutdown NEVER; set autoShutdown("
                                + "ANY_SIGNIFICANT or ALL_SIGNIFICANT) or drop significant(true)");
                    }
                }
            }
            return spec;
        }

        private static void once(Object current, String what, Object shown) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set to " + shown);
            }
        }
    }
}
