package io.modulets.runtime.history;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which record an operator's pin or rollback means: pure functions over a module's records (oldest arrival first),
 * tested as tables.
 */
public final class VersionChoice {

    /** The shortest digest prefix a pin accepts: shorter ones are too easily ambiguous. */
    static final int MIN_PREFIX = 6;

    private VersionChoice() {
    }

    /**
     * The record {@code wanted} names: a version string (the newest arrival of it, if two builds share it), else a
     * digest prefix of at least {@value #MIN_PREFIX} hex digits matching exactly one record; null if none.
     */
    public static VersionRecord named(List<VersionRecord> records, String wanted) {
        VersionRecord byVersion = null;
        for (VersionRecord r : records) {
            if (r.version().equals(wanted)) {
                byVersion = r; // oldest first: the last match is the newest
            }
        }
        if (byVersion != null || wanted.length() < MIN_PREFIX || !wanted.matches("[0-9a-fA-F]+")) {
            return byVersion;
        }
        VersionRecord byDigest = null;
        for (VersionRecord r : records) {
            if (r.digest().startsWith(wanted.toLowerCase(java.util.Locale.ROOT))) {
                if (byDigest != null) {
                    return null; // ambiguous
                }
                byDigest = r;
            }
        }
        return byDigest;
    }

    /**
     * The version a rollback from {@code currentDigest} pins: going back along the times the folder made versions
     * current, the one made current last before the current version was, whose files are {@code held}; null if there
     * is none. A version the folder never made current (only pinned) is never a target, and a current version it never
     * made current (pinned only) counts as the latest. So rollback after rollback walks back through what the folder
     * deployed, newest first; an old jar dropped again counts at the time it came back.
     */
    public static VersionRecord rollbackTarget(List<VersionRecord> records, String currentDigest, Predicate<VersionRecord> held) {
        java.time.Instant since = null;
        boolean known = false;
        for (VersionRecord r : records) {
            if (r.digest().equals(currentDigest)) {
                since = r.currentAt();
                known = true;
            }
        }
        if (!known) {
            return null;
        }
        VersionRecord target = null;
        for (VersionRecord r : records) {
            if (r.digest().equals(currentDigest) || r.currentAt() == null || !held.test(r)) {
                continue;
            }
            boolean before = since == null || r.currentAt().isBefore(since);
            if (before && (target == null || r.currentAt().isAfter(target.currentAt()))) {
                target = r;
            }
        }
        return target;
    }
}
