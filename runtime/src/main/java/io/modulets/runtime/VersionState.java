package io.modulets.runtime;

/** What became of a version the runtime accepted, as {@link HistoryEntry#state()} tells it. */
public enum VersionState {
    /** New jobs bind it. */
    CURRENT,
    /** Not current, but live namespaces still hold it (jobs run on it). */
    ALIVE,
    /** No live namespace holds it; the store keeps its files, so it can be pinned. */
    RETIRED,
    /** Its files left the store (older than the last {@code historyVersions} of its module): it can no longer be pinned. */
    REMOVED
}
