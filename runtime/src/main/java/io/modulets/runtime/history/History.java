package io.modulets.runtime.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Every module version the runtime accepted (rule 13), and the operator's pins, kept in {@code <state-dir>/history}
 * across restarts ({@link HistoryFile}). The deployer records arrivals and promotions and saves at the end of each
 * round; the runtime's views read it from any thread. Thread-safe: every method is synchronized (a history holds tens
 * to hundreds of records, read by an operator now and then).
 *
 * <p>Records are never dropped: a version whose files left the store stays in the history, marked removed by the
 * runtime's view. Which files the store keeps is {@link #retainedDigests}.
 */
public final class History {

    private static final Logger LOG = Logger.getLogger("io.modulets.history");
    private static final Comparator<VersionRecord> BY_ARRIVAL = Comparator.comparing(VersionRecord::arrived)
            .thenComparing(VersionRecord::digest);

    private final HistoryFile file;
    private final Map<String, VersionRecord> byDigest = new LinkedHashMap<>();
    private final Map<String, String> pins = new LinkedHashMap<>();
    private boolean dirty;

    private History(HistoryFile file, HistoryFile.Content content) {
        this.file = file;
        content.records().forEach(r -> byDigest.put(r.digest(), r));
        pins.putAll(content.pins());
    }

    /**
     * The history of {@code stateDir}. A file that is not a history (damaged by hand, or by a disk) is moved aside
     * to {@code history.damaged-<time>} with a WARN, and the history starts empty: the runtime still starts, and
     * nothing is deleted.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static History open(Path stateDir) {
        HistoryFile file = new HistoryFile(stateDir);
        try {
            return new History(file, file.read());
        } catch (IllegalArgumentException e) {
            Path aside = file.path().resolveSibling(HistoryFile.NAME + ".damaged-" + System.currentTimeMillis());
            try {
                Files.move(file.path(), aside);
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("cannot move the damaged history " + file.path() + " aside", moveFailed);
            }
            LOG.warnf("the history %s is damaged (%s): moved aside to %s; the history starts empty and pins are lost",
                    file.path(), e.getMessage(), aside.getFileName());
            return new History(file, new HistoryFile.Content(List.of(), Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file.path(), e);
        }
    }

    /**
     * Records an accepted version, unless its digest is known already (a restart, or the same bytes under another
     * name): the first arrival is the one remembered.
     */
    public synchronized void accepted(String module, String version, List<String> digests, String source, Instant at) {
        String digest = digests.getFirst();
        if (!byDigest.containsKey(digest)) {
            byDigest.put(digest, new VersionRecord(module, version, digest, digests, source,
                    at.truncatedTo(ChronoUnit.MILLIS), false)); // what the file keeps: the same value after a restart
            dirty = true;
        }
    }

    /** Marks the version of {@code digest} as having been current. */
    public synchronized void becameCurrent(String digest) {
        VersionRecord record = byDigest.get(digest);
        if (record != null && !record.wasCurrent()) {
            byDigest.put(digest, record.current());
            dirty = true;
        }
    }

    /** The records of {@code module}, oldest arrival first; empty if it has none. */
    public synchronized List<VersionRecord> of(String module) {
        List<VersionRecord> records = new ArrayList<>();
        for (VersionRecord r : byDigest.values()) {
            if (r.module().equals(module)) {
                records.add(r);
            }
        }
        records.sort(BY_ARRIVAL);
        return records;
    }

    /** The record of {@code digest}, or null. */
    public synchronized VersionRecord find(String digest) {
        return byDigest.get(digest);
    }

    /** Every module the history has a record of, sorted. */
    public synchronized Set<String> modules() {
        Set<String> names = new TreeSet<>();
        byDigest.values().forEach(r -> names.add(r.module()));
        return names;
    }

    /** The pins: module name to the pinned version's digest. */
    public synchronized Map<String, String> pins() {
        return Map.copyOf(pins);
    }

    public synchronized void pin(String module, String digest) {
        if (!digest.equals(pins.put(module, digest))) {
            dirty = true;
        }
    }

    public synchronized void unpin(String module) {
        if (pins.remove(module) != null) {
            dirty = true;
        }
    }

    /**
     * The store files the history wants kept: for each module, every file of its last {@code keep} versions by
     * arrival, and of its pinned version.
     */
    public synchronized Set<String> retainedDigests(int keep) {
        Set<String> kept = new HashSet<>();
        for (String module : modules()) {
            List<VersionRecord> records = of(module);
            for (VersionRecord r : records.subList(Math.max(0, records.size() - keep), records.size())) {
                kept.addAll(r.digests());
            }
        }
        pins.values().forEach(digest -> {
            VersionRecord pinned = byDigest.get(digest);
            if (pinned != null) {
                kept.addAll(pinned.digests());
            }
        });
        return kept;
    }

    /**
     * Writes the history if it changed since the last save. A failure is one WARN line and is tried again at the next
     * save: the runtime goes on with what it has in memory.
     */
    public synchronized void save() {
        if (!dirty) {
            return;
        }
        try {
            file.write(new HistoryFile.Content(new ArrayList<>(byDigest.values()), pins));
            dirty = false;
        } catch (IOException e) {
            LOG.warnf("cannot save the history to %s (%s); it is kept in memory and saved again at the next change",
                    file.path(), e.getMessage());
        }
    }
}
