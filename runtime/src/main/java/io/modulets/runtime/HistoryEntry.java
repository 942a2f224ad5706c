package io.modulets.runtime;

import java.time.Instant;

/**
 * One version of a module the runtime accepted, as {@link ModuletRuntime#history(String)} tells it. The history
 * lives in the state folder and survives restarts.
 *
 * @param module the module's name
 * @param version its declared version
 * @param digest the SHA-256 of its jar (lower-case hex): two builds with one version are two entries
 * @param source the file name it arrived as
 * @param arrived when it was first accepted
 * @param state what became of it
 * @param liveNamespaces how many live namespaces hold it (0 unless {@code CURRENT} or {@code ALIVE})
 * @param pinned whether it is the module's pinned version
 */
public record HistoryEntry(String module, String version, String digest, String source, Instant arrived,
        VersionState state, int liveNamespaces, boolean pinned) {

    /** The first 12 hex digits of its digest. */
    public String shortDigest() {
        return digest.substring(0, Math.min(12, digest.length()));
    }
}
