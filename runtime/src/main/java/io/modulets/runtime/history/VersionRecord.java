package io.modulets.runtime.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One accepted module version as the history keeps it: who it is, which store files it needs, where and when it
 * came from. Immutable.
 *
 * @param module the module's name
 * @param version its declared version
 * @param digest the SHA-256 of its jar: the key of a record
 * @param digests every store file its loader reads: its own jar's digest, then its bundled jars'
 * @param source the file name it arrived as (also what a plain library's identity is derived from)
 * @param arrived when it was first accepted
 * @param currentAt when the folder last made it current (a pin does not count), or null if it never did: rollbacks
 *     go back along this timeline, and retention keeps the versions most recently arrived or current
 */
public record VersionRecord(String module, String version, String digest, List<String> digests, String source,
        Instant arrived, Instant currentAt) {

    public VersionRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        digests = List.copyOf(digests);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(arrived, "arrived");
    }

    /** This record, made current by the folder at {@code at}. */
    VersionRecord currentAt(Instant at) {
        return new VersionRecord(module, version, digest, digests, source, arrived, at);
    }

    /** Whether the folder ever made it current. */
    public boolean wasCurrent() {
        return currentAt != null;
    }

    /** The later of its arrival and its last time current: what retention ranks by. */
    Instant lastUsed() {
        return currentAt != null && currentAt.isAfter(arrived) ? currentAt : arrived;
    }

    /** The first 12 hex digits of its digest. */
    public String shortDigest() {
        return digest.substring(0, Math.min(12, digest.length()));
    }

    @Override
    public String toString() {
        return module + " " + version + " (" + shortDigest() + ")";
    }
}
