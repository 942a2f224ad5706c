package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.NamespaceRegistry;
import io.modulets.runtime.store.ContentStore;
import io.modulets.runtime.store.StagedJar;
import io.modulets.runtime.watch.ArrivalTracker;
import io.modulets.runtime.watch.FileStamp;
import io.modulets.runtime.watch.FolderWatcher;
import io.modulets.runtime.watch.ZipTail;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns what the watched folder holds into the current namespace (rules 2 to 5).
 *
 * <p>A file is tried when the {@link ArrivalTracker} says so: its tail must look like a complete zip, then it
 * is copied once into the store while hashed, and the copy (never the watched file again) is validated. The
 * file's stamp before and after the copy must agree, so no write was still arriving. An accepted file
 * becomes a {@link FolderEntry}; then {@link #reconcile} computes the modules the folder decides (the most
 * recent arrival per module, plus modules whose files are gone but that a present module still requires),
 * checks every {@code Modulet-Requires}, and promotes a new namespace if anything changed. A file whose
 * requires nothing provides is rejected once and then waits, its bytes kept in the store: it counts again as
 * soon as a later change provides what it requires, as it would after a restart (rules 5 and 11).
 *
 * <p>Confined to the runtime's control thread: no field needs a lock.
 */
public final class Deployer implements FolderWatcher.Listener {

    private static final Logger LOG = Logger.getLogger("io.modulets.deploy");

    private final ContentStore store;
    private final JarValidator validator;
    private final NamespaceFactory factory;
    private final NamespaceRegistry registry;
    private final EventHub<RuntimeEvent> events;
    private final ArrivalTracker tracker;
    private final LongSupplier nanoClock;
    private final Supplier<Set<String>> alsoInUse;
    private final Map<Path, FolderEntry> entries = new HashMap<>();
    private final Map<Path, FolderEntry> waiting = new HashMap<>();
    private final Map<String, String> heldBy = new HashMap<>();
    private long arrivals;

    public Deployer(ContentStore store, JarValidator validator, NamespaceFactory factory, NamespaceRegistry registry,
            EventHub<RuntimeEvent> events, ArrivalTracker tracker, LongSupplier nanoClock, Supplier<Set<String>> alsoInUse) {
        this.store = store;
        this.alsoInUse = alsoInUse;
        this.validator = validator;
        this.factory = factory;
        this.registry = registry;
        this.events = events;
        this.tracker = tracker;
        this.nanoClock = nanoClock;
    }

    /** Deploys every jar in {@code files} (oldest first) as one change: one new namespace at most. */
    public void deployAll(List<Path> files) {
        update(files, List.of(), false);
    }

    @Override
    public void changed(List<Path> files) {
        List<Path> present = new ArrayList<>();
        List<Path> gone = new ArrayList<>();
        for (Path file : files) {
            (exists(file) ? present : gone).add(file);
        }
        update(present, gone, true);
    }

    @Override
    public void rescanned(List<Path> present) {
        Set<Path> here = new HashSet<>(present);
        List<Path> gone = new ArrayList<>();
        for (Path known : tracker.paths()) {
            if (!here.contains(known)) {
                gone.add(known);
            }
        }
        update(present, gone, false);
    }

    /**
     * Forgets the files that are {@code gone}, considers the {@code present} ones, and reconciles once: a rename
     * seen in one batch is one change, not a module leaving and coming back. The renamed file keeps the rank of
     * the one it replaces (same bytes), so renaming an older file does not make it the most recent arrival.
     */
    private void update(List<Path> present, List<Path> gone, boolean byEvent) {
        Map<String, Long> rankOfGone = new HashMap<>();
        boolean removed = false;
        for (Path file : gone) {
            FolderEntry entry = entries.get(file);
            if (forget(file)) {
                removed = true;
                rankOfGone.merge(entry.module().digest(), entry.arrival(), Math::max);
            }
        }
        Set<Path> accepted = new HashSet<>();
        for (Path file : present) {
            if (consider(file, byEvent)) {
                accepted.add(file);
                FolderEntry entry = entries.get(file);
                Long rank = rankOfGone.remove(entry.module().digest());
                if (rank != null) {
                    entries.put(file, new FolderEntry(file, entry.module(), rank));
                }
            }
        }
        if (!accepted.isEmpty() || removed) {
            reconcile(accepted);
        }
    }

    /** Looks at one file; returns whether it became (or changed) a folder entry. */
    private boolean consider(Path file, boolean byEvent) {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            LOG.debugf("cannot stat %s: %s", file, e.getMessage());
            return false;
        }
        if (stamp == null) {
            return false; // deleted: the caller handles removal
        }
        return switch (tracker.observe(file, stamp, byEvent, nanoClock.getAsLong())) {
            case IGNORE, WAIT -> false;
            case TRY -> attempt(file, stamp, false);
            case TRY_FINAL -> attempt(file, stamp, true);
        };
    }

    private boolean attempt(Path file, FileStamp stamp, boolean isFinal) {
        if (stamp.size() == 0) {
            return failed(file, stamp, "it is empty (0 bytes)", isFinal);
        }
        if (!ZipTail.looksComplete(file)) {
            return failed(file, stamp, "it is not a complete zip file (no end record: still being written, or truncated)", isFinal);
        }
        StagedJar staged;
        try {
            staged = store.stage(file);
        } catch (NoSuchFileException e) {
            return false; // gone meanwhile: its delete event or the next rescan removes it
        } catch (IOException e) {
            return failed(file, stamp, "it cannot be read (" + e.getMessage() + ")", isFinal);
        }
        try {
            if (!stamp.equals(FileStamp.of(file))) {
                store.discard(staged);
                return false; // a write arrived while we copied: its event brings us back
            }
            JarContents contents = validator.validate(staged.file(), staged.digest());
            Sidecar.check(file, staged.digest());
            ModuleIdentity identity = ModuleIdentity.of(file.getFileName().toString(), contents.manifest(), staged.digest());
            Path storeFile = store.commit(staged);
            ModuleVersion module = new ModuleVersion(identity.name(), identity.version(), identity.requires(), staged.digest(),
                    storeFile, contents.packages());
            FolderEntry previous = entries.get(file);
            tracker.accepted(file, stamp, nanoClock.getAsLong());
            waiting.remove(file);
            if (previous != null && previous.module().digest().equals(module.digest())) {
                return false; // the same bytes again (touched, or rewritten identically)
            }
            entries.put(file, new FolderEntry(file, module, ++arrivals));
            return true;
        } catch (InvalidJarException e) {
            store.discard(staged);
            return failed(file, stamp, e.getMessage(), isFinal);
        } catch (IOException e) {
            store.discard(staged);
            return failed(file, stamp, "it cannot be stored (" + e.getMessage() + ")", isFinal);
        }
    }

    /** A failed attempt: final after the settle window, else wait for the next write or rescan. */
    private boolean failed(Path file, FileStamp stamp, String reason, boolean isFinal) {
        if (isFinal) {
            tracker.rejected(file, stamp, nanoClock.getAsLong());
            reject(file, reason);
        } else {
            LOG.debugf("%s is not ready: %s", file.getFileName(), reason);
        }
        return false;
    }

    private void reject(Path file, String reason) {
        LOG.warnf("rejected %s: %s; the current namespace is unchanged", file, reason);
        events.publish(new RuntimeEvent.Rejected(Instant.now(), file, reason));
    }

    private boolean forget(Path file) {
        tracker.forget(file);
        waiting.remove(file);
        return entries.remove(file) != null;
    }

    /**
     * Computes the modules the folder decides and promotes a new namespace if they differ from the current
     * one. Files whose requires were unmet count again; those whose requires still cannot be met are taken
     * out first, and rejected if they have just arrived.
     */
    private void reconcile(Set<Path> arrived) {
        Namespace current = registry.current();
        Map<Path, FolderEntry> waited = new HashMap<>(waiting);
        entries.putAll(waiting);
        waiting.clear();
        Map<String, ModuleVersion> modules;
        Map<String, String> held = new HashMap<>();
        for (;;) {
            modules = latestPerModule();
            held.clear();
            Map<String, String> unmet = addRequired(modules, current, held);
            if (unmet.isEmpty()) {
                break;
            }
            dropUnmet(unmet, modules, arrived, waited);
        }
        warnAboutNewlyHeld(held, modules);
        if (sameDigests(modules, current.modules())) {
            return;
        }
        Namespace next = factory.create(modules, registry.live());
        registry.promote(next);
        report(current, next);
        collectStoreGarbage();
    }

    private Map<String, ModuleVersion> latestPerModule() {
        Map<String, FolderEntry> latest = new HashMap<>();
        for (FolderEntry entry : entries.values()) {
            latest.merge(entry.module().name(), entry, (a, b) -> a.arrival() >= b.arrival() ? a : b);
        }
        Map<String, ModuleVersion> modules = new LinkedHashMap<>();
        latest.forEach((name, entry) -> modules.put(name, entry.module()));
        return modules;
    }

    /**
     * Adds to {@code modules} every required module that lost its files but is still in the current namespace
     * (recording who holds it in {@code held}); returns module -> a requirement nothing provides.
     */
    private static Map<String, String> addRequired(Map<String, ModuleVersion> modules, Namespace current, Map<String, String> held) {
        Map<String, String> unmet = new LinkedHashMap<>();
        Deque<ModuleVersion> queue = new ArrayDeque<>(modules.values());
        while (!queue.isEmpty()) {
            ModuleVersion module = queue.poll();
            for (String required : module.requires()) {
                if (modules.containsKey(required)) {
                    continue;
                }
                ModuleVersion kept = current.modules().get(required);
                if (kept != null) {
                    modules.put(required, kept);
                    held.put(required, module.toString());
                    queue.add(kept);
                } else {
                    unmet.putIfAbsent(module.name(), required);
                }
            }
        }
        return unmet;
    }

    /** Moves the entries of modules whose requires nothing provides to {@link #waiting}, rejecting new arrivals. */
    private void dropUnmet(Map<String, String> missing, Map<String, ModuleVersion> modules, Set<Path> arrived,
            Map<Path, FolderEntry> waited) {
        for (Map.Entry<String, String> e : missing.entrySet()) {
            ModuleVersion module = modules.get(e.getKey());
            for (FolderEntry entry : List.copyOf(entries.values())) {
                if (entry.module() == module) {
                    entries.remove(entry.file());
                    waiting.put(entry.file(), entry);
                    String reason = "module " + module + " requires '" + e.getValue()
                            + "', which no file in the folder provides; add that module first";
                    if (arrived.contains(entry.file())) {
                        FileStamp stamp = stampOrNull(entry.file());
                        if (stamp != null) {
                            tracker.rejected(entry.file(), stamp, nanoClock.getAsLong());
                        }
                        reject(entry.file(), reason);
                    } else if (waited.containsKey(entry.file())) {
                        LOG.debugf("%s still waits: %s", entry.file(), reason);
                    } else {
                        LOG.warnf("%s no longer counts until what it requires is back: %s", entry.file(), reason);
                    }
                }
            }
        }
    }

    private void warnAboutNewlyHeld(Map<String, String> held, Map<String, ModuleVersion> modules) {
        for (Map.Entry<String, String> e : held.entrySet()) {
            if (!e.getValue().equals(heldBy.get(e.getKey()))) {
                LOG.warnf("module %s stays although its last file left the folder: %s requires it", modules.get(e.getKey()), e.getValue());
            }
        }
        heldBy.clear();
        heldBy.putAll(held);
    }

    private static boolean sameDigests(Map<String, ModuleVersion> a, Map<String, ModuleVersion> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ModuleVersion> e : a.entrySet()) {
            ModuleVersion other = b.get(e.getKey());
            if (other == null || !other.digest().equals(e.getValue().digest())) {
                return false;
            }
        }
        return true;
    }

    private void report(Namespace previous, Namespace next) {
        Instant now = Instant.now();
        Map<String, Path> fileOf = new HashMap<>();
        for (FolderEntry entry : entries.values()) {
            if (next.modules().get(entry.module().name()) == entry.module()) {
                fileOf.put(entry.module().name(), entry.file());
            }
        }
        for (ModuleVersion module : next.modules().values()) {
            ModuleVersion before = previous.modules().get(module.name());
            if (before == null || !before.digest().equals(module.digest())) {
                Path file = fileOf.get(module.name());
                LOG.infof("deployed %s from %s as %s", module, file == null ? "the store" : file.getFileName(), next.info());
                events.publish(new RuntimeEvent.Deployed(now, module.name(), module.version(), file, next.info()));
            }
        }
        for (ModuleVersion module : previous.modules().values()) {
            if (!next.modules().containsKey(module.name())) {
                LOG.infof("removed %s: its last file left the folder; new jobs bind %s", module, next.info());
                events.publish(new RuntimeEvent.Removed(now, module.name(), module.version(), next.info()));
            }
        }
    }

    /**
     * Deletes store files that no live namespace, no folder entry and nothing else (a retired loader not yet
     * collected) uses (rule 10). Called after every
     * promotion and retirement, on the control thread.
     */
    public void collectStoreGarbage() {
        Set<String> used = new HashSet<>(alsoInUse.get());
        for (FolderEntry entry : entries.values()) {
            used.add(entry.module().digest());
        }
        for (FolderEntry entry : waiting.values()) {
            used.add(entry.module().digest());
        }
        for (Namespace ns : registry.live()) {
            for (ModuleVersion module : ns.modules().values()) {
                used.add(module.digest());
            }
        }
        for (String digest : store.digests()) {
            if (!used.contains(digest) && store.delete(digest)) {
                LOG.debugf("removed %s from the store: nothing uses it", digest);
            }
        }
    }

    /** The folder entries now, for diagnostics and tests. */
    public Collection<FolderEntry> entries() {
        return List.copyOf(entries.values());
    }

    private static boolean exists(Path file) {
        return stampOrNull(file) != null;
    }

    private static FileStamp stampOrNull(Path file) {
        try {
            return FileStamp.of(file);
        } catch (IOException e) {
            return null;
        }
    }
}
