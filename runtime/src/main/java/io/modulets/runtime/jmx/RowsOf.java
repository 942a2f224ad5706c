package io.modulets.runtime.jmx;

import io.modulets.runtime.HistoryEntry;
import io.modulets.runtime.JobInfo;
import io.modulets.runtime.ModuleStatus;
import io.modulets.runtime.NamespaceStatus;
import io.modulets.runtime.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The runtime's views as {@link Rows}: text for times and names, empty text for none. */
final class RowsOf {

    private RowsOf() {
    }

    static Rows.ModuleRow module(ModuleStatus status) {
        return new Rows.ModuleRow(status.name(), status.version(), status.digest(), status.pinned(),
                liveVersions(status).toArray(String[]::new));
    }

    /** Each live version of a module as {@code "<version> in ns-2,ns-3"}, oldest first. */
    static List<String> liveVersions(ModuleStatus status) {
        return status.live().stream().map(live -> live.version() + " in " + String.join(",", live.namespaces())).toList();
    }

    static Rows.NamespaceRow namespace(NamespaceStatus status) {
        return new Rows.NamespaceRow(status.info().id(), status.info().generation(), status.info().toString(),
                status.current(), status.runningJobs());
    }

    static Rows.JobRow job(JobInfo job, String result) {
        return new Rows.JobRow(job.id(), job.module(), job.jobClass(), job.namespace().id(), text(job.started()),
                job.state().name(), text(job.ended()), orEmpty(job.failure()), orEmpty(result));
    }

    static Rows.HistoryRow history(HistoryEntry entry) {
        return new Rows.HistoryRow(entry.module(), entry.version(), entry.digest(), orEmpty(entry.source()),
                text(entry.arrived()), entry.state().name(), entry.liveNamespaces(), entry.pinned());
    }

    /** A history entry as one line: {@code "<version> <short digest> <state>"}, with {@code " pinned"} if it is. */
    static String historyLine(HistoryEntry entry) {
        return entry.version() + " " + entry.shortDigest() + " " + entry.state().name() + (entry.pinned() ? " pinned" : "");
    }

    static Rows.LeakRow leak(RuntimeEvent.LeakSuspected suspect, Instant now) {
        Duration sinceRetired = suspect.afterRetire().plus(Duration.between(suspect.at(), now));
        return new Rows.LeakRow(suspect.module(), suspect.version(), text(suspect.at()), sinceRetired.toSeconds(),
                orEmpty(suspect.cause()), suspect.heapPath().toArray(String[]::new));
    }

    private static String text(Instant at) {
        return at == null ? "" : at.toString();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
