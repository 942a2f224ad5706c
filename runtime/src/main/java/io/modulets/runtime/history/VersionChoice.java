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
     * The version a rollback from {@code currentDigest} pins: the newest arrival older than the current version's
     * that was current once and whose files are {@code held}; null if there is none. A current version the history
     * does not know (it cannot happen for an accepted one) has nothing older.
     */
    public static VersionRecord rollbackTarget(List<VersionRecord> records, String currentDigest, Predicate<VersionRecord> held) {
        int current = -1;
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).digest().equals(currentDigest)) {
                current = i;
            }
        }
        for (int i = current - 1; i >= 0; i--) {
            VersionRecord r = records.get(i);
            if (r.wasCurrent() && held.test(r)) {
                return r;
            }
        }
        return null;
    }
}
