package io.modulets.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a job class in a module, with string arguments and an optional timeout. Immutable; every
 * {@code with...} method returns a new spec. Null-hostile: every method rejects null with a
 * {@link NullPointerException} that names the parameter.
 */
public final class JobSpec {

    private final String module;
    private final String jobClass;
    private final Map<String, String> args;
    private final Duration timeout;

    private JobSpec(String module, String jobClass, Map<String, String> args, Duration timeout) {
        this.module = module;
        this.jobClass = jobClass;
        this.args = args;
        this.timeout = timeout;
    }

    /**
     * A spec for the job class {@code jobClass} (a binary name such as {@code com.acme.Report}) of the module
     * named {@code module}, with no arguments and no timeout.
     *
     * @throws IllegalArgumentException if either name is blank
     */
    public static JobSpec of(String module, String jobClass) {
        requireNotBlank(module, "module");
        requireNotBlank(jobClass, "jobClass");
        return new JobSpec(module, jobClass, Map.of(), null);
    }

    /** This spec with the argument {@code key} set to {@code value}, replacing an earlier value. */
    public JobSpec withArg(String key, String value) {
        requireNotBlank(key, "key");
        Objects.requireNonNull(value, "value");
        Map<String, String> copy = new LinkedHashMap<>(args);
        copy.put(key, value);
        return new JobSpec(module, jobClass, Collections.unmodifiableMap(copy), timeout);
    }

    /**
     * This spec with a timeout: a job still running {@code timeout} after it started is cancelled (its threads
     * are interrupted) and its result fails with {@link java.util.concurrent.TimeoutException}.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public JobSpec withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new JobSpec(module, jobClass, args, timeout);
    }

    /** The module's name. */
    public String module() {
        return module;
    }

    /** The job class's binary name. */
    public String jobClass() {
        return jobClass;
    }

    /** The arguments, in the order they were first set; immutable. */
    public Map<String, String> args() {
        return args;
    }

    /** The timeout, or null for none. */
    public Duration timeout() {
        return timeout;
    }

    private static void requireNotBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobSpec other
                && module.equals(other.module)
                && jobClass.equals(other.jobClass)
                && args.equals(other.args)
                && Objects.equals(timeout, other.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(module, jobClass, args, timeout);
    }

    @Override
    public String toString() {
        return module + "/" + jobClass + (args.isEmpty() ? "" : " " + args) + (timeout == null ? "" : " timeout " + timeout);
    }
}
