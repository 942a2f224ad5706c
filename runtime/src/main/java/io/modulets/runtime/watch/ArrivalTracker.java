package io.modulets.runtime.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, per watched path, the last stamp seen and what became of it, and decides when a file is worth
 * a (new) attempt (rule 3).
 *
 * <ul>
 *   <li>A stamp already accepted or rejected is not tried again by a rescan; a write event always retries,
 *       since a same-size overwrite within the filesystem's time resolution keeps the stamp.</li>
 *   <li>A file that looked incomplete or failed validation is retried on its next event, and by a rescan
 *       once its stamp has been stable for the settle window; if it still fails then, it is rejected.</li>
 * </ul>
 * A complete, valid jar is taken at once: there is no fixed delay for an atomic rename.
 *
 * <p>Not thread-safe: used by the control thread only.
 */
public final class ArrivalTracker {

    /** What to do with an observed file. */
    public enum Decision {
        /** Nothing changed since it was accepted or rejected. */
        IGNORE,
        /** Try to accept it now; a failure is not final yet. */
        TRY,
        /** Its stamp has been stable for the settle window: try once more, and a failure is final. */
        TRY_FINAL,
        /** It failed recently and has not settled yet. */
        WAIT
    }

    private enum State { PENDING, ACCEPTED, REJECTED }

    private record Seen(FileStamp stamp, State state, long sinceNanos) {
    }

    private final long settleNanos;
    private final Map<Path, Seen> seen = new HashMap<>();

    public ArrivalTracker(Duration settleWindow) {
        this.settleNanos = settleWindow.toNanos();
    }

    /**
     * Decides what to do with {@code path}, whose stamp is now {@code stamp}.
     *
     * @param byEvent whether a filesystem event reported the change (else a rescan found it)
     */
    public Decision observe(Path path, FileStamp stamp, boolean byEvent, long nowNanos) {
        Seen last = seen.get(path);
        if (last == null || !last.stamp.equals(stamp)) {
            seen.put(path, new Seen(stamp, State.PENDING, nowNanos));
            return Decision.TRY;
        }
        if (last.state != State.PENDING) {
            return byEvent ? Decision.TRY : Decision.IGNORE;
        }
        return nowNanos - last.sinceNanos >= settleNanos ? Decision.TRY_FINAL : (byEvent ? Decision.TRY : Decision.WAIT);
    }

    /** The attempt on {@code stamp} succeeded. */
    public void accepted(Path path, FileStamp stamp, long nowNanos) {
        seen.put(path, new Seen(stamp, State.ACCEPTED, nowNanos));
    }

    /** The attempt on {@code stamp} failed for good. */
    public void rejected(Path path, FileStamp stamp, long nowNanos) {
        seen.put(path, new Seen(stamp, State.REJECTED, nowNanos));
    }

    /** The file is gone. */
    public void forget(Path path) {
        seen.remove(path);
    }

    /** Paths tracked now. */
    public Set<Path> paths() {
        return Set.copyOf(seen.keySet());
    }
}
