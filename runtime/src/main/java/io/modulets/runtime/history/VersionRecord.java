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
 * @param wasCurrent whether it was ever part of a current namespace (only those are rolled back to)
 */
public record VersionRecord(String module, String version, String digest, List<String> digests, String source,
        Instant arrived, boolean wasCurrent) {

    public VersionRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        digests = List.copyOf(digests);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(arrived, "arrived");
    }

    VersionRecord current() {
        return wasCurrent ? this : new VersionRecord(module, version, digest, digests, source, arrived, true);
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
