package io.modulets.runtime.deploy;

import io.modulets.runtime.deploy.DeployState.Accepted;
import io.modulets.runtime.deploy.DeployState.Pending;
import io.modulets.runtime.deploy.DeployState.Tracked;

/**
 * When a seen file is worth a (new) attempt (rule 3), as one pure function of what it showed last, what it shows
 * now, and the time.
 *
 * <ul>
 *   <li>A new stamp is tried at once: a complete, valid jar is taken without any fixed delay (an atomic
 *       rename).</li>
 *   <li>A stamp already accepted or rejected is not tried again by a listing; an event retries it, since a
 *       same-size overwrite within the filesystem's time resolution keeps the stamp. The one exception is the
 *       event of a rename whose stamp the file took over: it is the rename, not a write.</li>
 *   <li>A stamp that failed is retried on its next event, and by a listing once it has been stable for the settle
 *       window; that attempt is final.</li>
 * </ul>
 */
final class ArrivalRules {

    /** What to do with a seen file. */
    enum Verdict {
        /** Nothing changed since it was accepted or rejected, or this is the event of its rename. */
        IGNORE,
        /** Try it now; a failure is not final yet. */
        TRY,
        /** Its stamp has been stable for the settle window: try once more, and a failure is final. */
        TRY_FINAL,
        /** It failed recently and has not settled yet. */
        WAIT
    }

    private ArrivalRules() {
    }

    /**
     * The verdict on a file that showed {@code last} (null if never seen) and now shows {@code stamp}.
     *
     * @param byEvent whether a filesystem event named it, else a listing found it
     */
    static Verdict verdict(Tracked last, FileStamp stamp, boolean byEvent, long nowNanos, long settleNanos) {
        if (last == null || !last.stamp().equals(stamp)) {
            return Verdict.TRY;
        }
        return switch (last.attempt()) {
            case Accepted accepted when accepted.renameEventDue() -> Verdict.IGNORE;
            case Pending pending -> nowNanos - pending.sinceNanos() >= settleNanos ? Verdict.TRY_FINAL
                    : byEvent ? Verdict.TRY : Verdict.WAIT;
            default -> byEvent ? Verdict.TRY : Verdict.IGNORE;
        };
    }
}
