package io.modulets.runtime.jmx;

/**
 * The rows the MXBeans return: records of open types only (text, numbers, booleans), which JMX maps to
 * {@code CompositeData} and a proxy maps back. Times are ISO-8601 instants as text, empty when none.
 */
public final class Rows {

    private Rows() {
    }

    /** A module of the current namespace; {@code live} as {@code "<version> in ns-2,ns-3"}. */
    public record ModuleRow(String name, String version, String digest, boolean pinned, String[] live) {
    }

    /** A live namespace; {@code modules} as {@code NamespaceInfo.toString()}. */
    public record NamespaceRow(String id, long generation, String modules, boolean current, int runningJobs) {
    }

    /** A job; {@code state} a {@link io.modulets.runtime.JobState} name; {@code failure} and {@code result} may be empty. */
    public record JobRow(String id, String module, String jobClass, String namespace, String started, String state,
            String ended, String failure, String result) {
    }

    /** A history entry; {@code state} a {@link io.modulets.runtime.VersionState} name. */
    public record HistoryRow(String module, String version, String digest, String source, String arrived, String state,
            int liveNamespaces, boolean pinned) {
    }

    /** An outstanding leak suspect. */
    public record LeakRow(String module, String version, String suspectedAt, long secondsSinceRetired, String cause,
            String[] heapPath) {
    }
}
