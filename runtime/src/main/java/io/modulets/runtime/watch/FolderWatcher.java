package io.modulets.runtime.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Watches the folder with a {@link WatchService} and rescans it periodically, to catch what events miss
 * (an OVERFLOW, a filesystem without events, a settle window that ran out with no further write).
 *
 * <p>Only {@code *.jar} files that are not hidden are reported; a change to a digest file {@code x.jar.sha256} is
 * reported as a change to {@code x.jar}. Events are forwarded to the control executor in batches, coalesced per
 * path: a burst of write events for one file queues one check. A rename within the folder must read as one
 * change, not as a module leaving and coming back; its delete and create events may come in two reads of the
 * watch service, but the rename is done before either is read, so a batch holding a delete is preceded by a
 * rescan, which sees the folder as it is now. All callbacks run on the control executor, never on the watch
 * thread.
 */
public final class FolderWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.modulets.watch");
    private static final String SIDECAR_SUFFIX = ".sha256";

    /** What the watcher reports to. */
    public interface Listener {
        /** Filesystem events named these files (created, written or deleted); each file once, in event order. */
        void changed(List<Path> files);

        /** A periodic rescan found these jar files present. */
        void rescanned(List<Path> present);
    }

    private final Path dir;
    private final Duration rescanInterval;
    private final ScheduledExecutorService control;
    private final Listener listener;
    private final Set<Path> pending = new LinkedHashSet<>(); // guarded by itself
    private boolean drainQueued; // guarded by pending
    private boolean pendingDelete; // guarded by pending
    private WatchService watchService;
    private Thread thread;
    private ScheduledFuture<?> rescans;

    public FolderWatcher(Path dir, Duration rescanInterval, ScheduledExecutorService control, Listener listener) {
        this.dir = dir;
        this.rescanInterval = rescanInterval;
        this.control = control;
        this.listener = listener;
    }

    /** Whether a file name counts as a module jar (rule 3). */
    public static boolean isCandidate(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") && !name.startsWith(".") && name.length() > 4;
    }

    /**
     * The jar a changed file stands for: itself, or for a digest file {@code x.jar.sha256} the jar {@code x.jar},
     * so that correcting a digest file retries the jar it made fail (rule 4).
     */
    private static Path jarOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SIDECAR_SUFFIX) ? file.resolveSibling(name.substring(0, name.length() - SIDECAR_SUFFIX.length())) : file;
    }

    /**
     * The jar files present now, oldest modification first (then by name). A listing is no snapshot: a file
     * renamed while the directory is read may be listed under its old name only, or under neither name (POSIX
     * leaves it unspecified whether readdir returns an entry changed during the read; Linux can skip both). So the
     * folder is read twice in a row and the two listings are merged: a rename finished during the first read is
     * seen by the second under its new name, and a file that cannot be read any more stays in the list (it reads
     * as unreadable, not as deleted) until an event or the next listing tells what became of it. Directories named
     * like jars are left out.
     */
    public List<Path> list() {
        Set<Path> merged = new LinkedHashSet<>(listOnce());
        merged.addAll(listOnce());
        List<Path> files = new ArrayList<>(merged);
        files.sort((a, b) -> {
            int byTime = Long.compare(modified(a), modified(b));
            return byTime != 0 ? byTime : a.getFileName().toString().compareTo(b.getFileName().toString());
        });
        return files;
    }

    private List<Path> listOnce() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (isCandidate(entry) && !Files.isDirectory(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the watched folder " + dir, e);
        }
        return files;
    }

    /** Starts watching; from now on, callbacks arrive on the control executor. */
    public void start() throws IOException {
        watchService = dir.getFileSystem().newWatchService();
        dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = Thread.ofPlatform().daemon().name("modulets-watch").start(this::loop);
        long period = rescanInterval.toMillis();
        rescans = control.scheduleWithFixedDelay(this::rescan, period, period, TimeUnit.MILLISECONDS);
    }

    private void loop() {
        try {
            for (;;) {
                WatchKey key = watchService.take();
                List<Path> files = new ArrayList<>();
                boolean deleted = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        LOG.debug("watch events overflowed: rescanning");
                        control.execute(this::rescan);
                    } else if (event.context() instanceof Path name) {
                        Path file = jarOf(dir.resolve(name));
                        if (isCandidate(file)) {
                            files.add(file);
                            deleted |= event.kind() == StandardWatchEventKinds.ENTRY_DELETE;
                        }
                    }
                }
                enqueue(files, deleted);
                if (!key.reset()) {
                    LOG.warnf("the watched folder %s is no longer watchable (deleted or unmounted?); only rescans remain", dir);
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close() ends the loop this way
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("control executor shut down: the watch thread stops");
        }
    }

    private void enqueue(List<Path> files, boolean deleted) {
        synchronized (pending) {
            pending.addAll(files);
            pendingDelete |= deleted;
            if (pending.isEmpty() || drainQueued) {
                return;
            }
            drainQueued = true;
        }
        control.execute(this::drain);
    }

    private void drain() {
        List<Path> files;
        boolean deleted;
        synchronized (pending) {
            files = List.copyOf(pending);
            deleted = pendingDelete;
            pending.clear();
            pendingDelete = false;
            drainQueued = false;
        }
        try {
            if (deleted) {
                listener.rescanned(list()); // the delete may be half of a rename: take the whole folder at once
            }
            listener.changed(files);
        } catch (RuntimeException e) {
            LOG.warnf(e, "handling changes to %s failed", files);
        }
    }

    private void rescan() {
        try {
            listener.rescanned(list());
        } catch (RuntimeException e) {
            LOG.warnf("rescan of %s failed: %s", dir, e.getMessage());
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() {
        if (rescans != null) {
            rescans.cancel(false);
        }
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debugf("closing the watch service: %s", e.getMessage());
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
