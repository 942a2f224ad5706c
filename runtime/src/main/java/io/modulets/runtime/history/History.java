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
import java.util.TreeMap;
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

    /**
     * The most records kept per module: past it, the oldest that is not pinned is forgotten (its files left the store
     * long ago), so a module updated thousands of times keeps a bounded history in memory and on disk.
     */
    public static final int MAX_RECORDS_PER_MODULE = 1_000;

    private final HistoryFile file;
    /** Keyed by module and digest: the same bytes may be two modules (a plain jar copied under two names). */
    private final Map<String, VersionRecord> byKey = new LinkedHashMap<>();
    /** Per module, its records in arrival order (oldest first). */
    private final Map<String, List<VersionRecord>> byModule = new TreeMap<>();
    private final Map<String, String> pins = new LinkedHashMap<>();
    private boolean dirty;
    /** Bumped by every change; a snapshot written carries the one it was taken at. */
    private long changes;
    /** The write-behind in flight, if any (guarded by this). */
    private Thread writing;

    /** Held while a snapshot is taken and written: writes never overlap, and an older snapshot never follows a newer one. */
    private final Object fileLock = new Object();
    private long written;

    private History(HistoryFile file, HistoryFile.Content content) {
        this.file = file;
        List<VersionRecord> records = new ArrayList<>(content.records());
        records.sort(BY_ARRIVAL);
        records.forEach(this::add);
        pins.putAll(content.pins());
    }

    private static String key(String module, String digest) {
        return module + '\u0000' + digest;
    }

    private void add(VersionRecord record) {
        byKey.put(key(record.module(), record.digest()), record);
        byModule.computeIfAbsent(record.module(), m -> new ArrayList<>()).add(record);
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
     * Records an accepted version, unless the module has a record of its digest already (a restart, or the same bytes
     * under another file name): the first arrival is the one remembered. Past {@link #MAX_RECORDS_PER_MODULE} records of its module, the
     * oldest unpinned one is forgotten.
     */
    public synchronized void accepted(String module, String version, List<String> digests, String source, Instant at) {
        String digest = digests.getFirst();
        if (byKey.containsKey(key(module, digest))) {
            return;
        }
        add(new VersionRecord(module, version, digest, digests, source,
                at.truncatedTo(ChronoUnit.MILLIS), null)); // what the file keeps: the same value after a restart
        List<VersionRecord> records = byModule.get(module);
        if (records.size() > MAX_RECORDS_PER_MODULE) {
            for (int i = 0; i < records.size(); i++) {
                if (!records.get(i).digest().equals(pins.get(module))) {
                    byKey.remove(key(module, records.remove(i).digest()));
                    break;
                }
            }
        }
        changed();
    }

    /** The folder made {@code module}'s version of {@code digest} current at {@code at} (a pin does not count). */
    public synchronized void becameCurrent(String module, String digest, Instant at) {
        VersionRecord record = byKey.get(key(module, digest));
        if (record != null) {
            VersionRecord current = record.currentAt(at.truncatedTo(ChronoUnit.MILLIS));
            byKey.put(key(module, digest), current);
            List<VersionRecord> records = byModule.get(record.module());
            records.set(records.indexOf(record), current);
            changed();
        }
    }

    private void changed() {
        dirty = true;
        changes++;
    }

    /** The records of {@code module}, oldest arrival first; empty if it has none. */
    public synchronized List<VersionRecord> of(String module) {
        return List.copyOf(byModule.getOrDefault(module, List.of()));
    }

    /** The record of {@code module}'s version of {@code digest}, or null. */
    public synchronized VersionRecord find(String module, String digest) {
        return byKey.get(key(module, digest));
    }

    /** Every module the history has a record of, sorted. */
    public synchronized Set<String> modules() {
        return new TreeSet<>(byModule.keySet());
    }

    /** The pins: module name to the pinned version's digest. */
    public synchronized Map<String, String> pins() {
        return Map.copyOf(pins);
    }

    public synchronized void pin(String module, String digest) {
        if (!digest.equals(pins.put(module, digest))) {
            changed();
        }
    }

    public synchronized void unpin(String module) {
        if (pins.remove(module) != null) {
            changed();
        }
    }

    /**
     * The store files the history wants kept: for each module, every file of the {@code keep} versions it used last
     * (by the later of arrival and last time current: an old jar dropped again counts as recent), and of its pinned
     * version.
     */
    public synchronized Set<String> retainedDigests(int keep) {
        Set<String> kept = new HashSet<>();
        for (List<VersionRecord> records : byModule.values()) {
            // the keep most recently used: a bounded heap, as this runs after every promotion and retirement
            java.util.PriorityQueue<VersionRecord> newest = new java.util.PriorityQueue<>(
                    Comparator.comparing(VersionRecord::lastUsed));
            for (VersionRecord r : records) {
                newest.add(r);
                if (newest.size() > keep) {
                    newest.poll();
                }
            }
            newest.forEach(r -> kept.addAll(r.digests()));
        }
        pins.forEach((module, digest) -> {
            VersionRecord pinned = byKey.get(key(module, digest));
            if (pinned != null) {
                kept.addAll(pinned.digests());
            }
        });
        return kept;
    }

    /**
     * Writes the history within {@link #WRITE_BEHIND}, on a thread of its own, if it changed: how a deploy round saves
     * it, so the deploy path never waits for a disk, and a burst of deploys is one write (the whole file is rewritten:
     * it stays small, but not free). The file is still written crash-safe; a crash before the write loses at most the
     * last second's records, which the next start makes again from the folder.
     */
    public synchronized void save() {
        if (!dirty || writing != null) {
            return; // a write due takes its snapshot when it runs, so it has this change
        }
        writing = Thread.ofVirtual().name("modulets-history").inheritInheritableThreadLocals(false).unstarted(this::writeBehind);
        writing.setContextClassLoader(null);
        writing.start();
    }

    /** How long a deploy round's changes wait to be written with whatever follows them. */
    static final java.time.Duration WRITE_BEHIND = java.time.Duration.ofSeconds(1);

    private void writeBehind() {
        try {
            Thread.sleep(WRITE_BEHIND);
            writeSnapshot();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() writes what is left
        } finally {
            boolean again;
            synchronized (this) {
                writing = null;
                again = dirty;
            }
            if (again) {
                save();
            }
        }
    }

    /**
     * Writes the history now if it changed, and returns once it is on disk: how a pin is saved (an operator is told it
     * survives a restart). A failure is one WARN line; the history stays in memory and is written at the next save.
     */
    public void saveNow() {
        writeSnapshot();
    }

    /**
     * Waits for a write in flight, then writes what is left. Called when the runtime closes, after its control thread
     * stopped: a write-behind started later finds nothing to write.
     */
    public void close() {
        writeSnapshot(); // waits for a write in flight (the file lock), then writes what is left
    }

    /**
     * Takes a snapshot and writes it, both under {@link #fileLock}: whoever returns from here knows that every change
     * made before it called is on disk (or its failure was logged), even if another thread's write was in flight.
     */
    private void writeSnapshot() {
        synchronized (fileLock) {
            HistoryFile.Content content;
            long at;
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                content = new HistoryFile.Content(new ArrayList<>(byKey.values()), pins);
                at = changes;
                dirty = false;
            }
            if (at <= written) {
                return;
            }
            try {
                file.write(content);
                written = at;
            } catch (IOException e) {
                synchronized (this) {
                    dirty = true;
                }
                LOG.warnf("cannot save the history to %s (%s); it is kept in memory and saved again at the next change",
                        file.path(), e.getMessage());
            }
        }
    }
}
