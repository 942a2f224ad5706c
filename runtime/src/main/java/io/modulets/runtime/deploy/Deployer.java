package io.modulets.runtime.deploy;

import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.deploy.DeployState.Entry;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.history.History;
import io.modulets.runtime.history.VersionChoice;
import io.modulets.runtime.history.VersionRecord;
import io.modulets.runtime.jfr.DeployEvent;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.NamespaceRegistry;
import io.modulets.runtime.store.ContentStore;
import io.modulets.runtime.watch.FolderWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Turns what the watched folder holds into the current namespace (rules 2 to 5): the shell around the pure
 * {@link DeployPolicy}. It stats the files the {@link FolderWatcher} names, hands the observations to the policy,
 * stages, validates and commits the files the policy wants attempted ({@link JarIntake}), and carries out the
 * policy's actions: WARN lines and {@code Rejected} events, new namespaces with their {@code Deployed} and
 * {@code Removed} reports, and store garbage collection. All deploy state is the one {@link DeployState} value it
 * holds; every rule lives in the policy.
 *
 * <p>Confined to the runtime's control thread: the constructor may run anywhere, every other method on the control
 * thread only, so no field needs a lock. Arguments are never null.
 */
public final class Deployer implements FolderWatcher.Listener {

    private static final Logger LOG = Logger.getLogger("io.modulets.deploy");

    private final ContentStore store;
    private final JarIntake intake;
    private final NamespaceFactory factory;
    private final NamespaceRegistry registry;
    private final EventHub<RuntimeEvent> events;
    private final DeployPolicy policy;
    private final LongSupplier nanoClock;
    private final Supplier<Set<String>> stillInUse;
    private final DeployTimeCheck check;
    private final History history;
    private final int historyVersions;
    private DeployState state;
    /** The pinned modules and their versions' digests, for the views on other threads. */
    private volatile Map<String, String> pinned = Map.of();
    private boolean pinsRestored;
    /** When the current round began, by {@link #nanoClock}: a deploy's duration is measured from there. */
    private long roundBegan;

    /**
     * A deployer over {@code store} that promotes into {@code registry}.
     *
     * @param settleWindow how long a file that fails must stay unchanged before it is rejected
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
     * @param stillInUse digests whose store files something other than the live namespaces and the folder still
     *     reads, so {@link #collectStoreGarbage()} keeps them
     * @param history where accepted versions and pins are recorded
     * @param historyVersions how many versions of each module the store keeps for pins and rollbacks
     */
    public Deployer(ContentStore store, NamespaceFactory factory, NamespaceRegistry registry,
            EventHub<RuntimeEvent> events, Duration settleWindow, LongSupplier nanoClock,
            Supplier<Set<String>> stillInUse, History history, int historyVersions) {
        this.store = store;
        this.intake = new JarIntake(store, new JarValidator());
        this.factory = factory;
        this.registry = registry;
        this.events = events;
        this.policy = new DeployPolicy(settleWindow);
        this.nanoClock = nanoClock;
        this.stillInUse = stillInUse;
        this.check = new DeployTimeCheck(factory.platform()::isPlatformPackage);
        this.state = DeployState.initial(registry.current().modules());
        this.history = history;
        this.historyVersions = historyVersions;
    }

    /**
     * Deploys every jar in {@code files} (oldest first) as one change: one new namespace at most. The first call
     * also restores the pins the history holds, so a restarted runtime's pinned versions are current from its first
     * namespace on.
     */
    public void deployAll(List<Path> files) {
        boolean first = !pinsRestored;
        if (first) {
            pinsRestored = true;
            restorePins();
        }
        List<Observation> seen = new ArrayList<>();
        for (Path file : files) {
            FileStamp stamp = stamp(file);
            if (stamp != null) {
                seen.add(new Observation.Seen(new FolderFile(file), stamp, false));
            }
        }
        round(seen);
        if (first) {
            checkRestoredPins();
        }
    }

    @Override
    public void changed(List<Path> files) {
        List<Observation> observations = new ArrayList<>();
        for (Path file : files) {
            FileStamp stamp = stamp(file);
            observations.add(stamp == null ? new Observation.Gone(new FolderFile(file))
                    : new Observation.Seen(new FolderFile(file), stamp, true));
        }
        round(observations);
    }

    @Override
    public void rescanned(List<Path> present) {
        Map<FolderFile, FileStamp> stamps = new LinkedHashMap<>();
        Set<FolderFile> vanished = new HashSet<>();
        for (Path file : present) {
            FileStamp stamp = stamp(file);
            if (stamp == null) {
                vanished.add(new FolderFile(file));
            } else {
                stamps.put(new FolderFile(file), stamp);
            }
        }
        round(List.of(new Observation.Listing(stamps, vanished)));
    }

    /** One round: observe, make the attempts the policy asks for, record their results, carry out the rest. */
    private void round(List<Observation> observations) {
        roundBegan = nanoClock.getAsLong();
        Decision observed = policy.observe(state, observations, roundBegan);
        state = observed.state();
        List<AttemptResult> results = new ArrayList<>();
        for (Action action : observed.actions()) {
            if (action instanceof Action.Attempt attempt) {
                results.add(intake.attempt(attempt));
            } else {
                carryOut(action);
            }
        }
        recordAccepted(results);
        Decision attempted = policy.attempted(state, results, nanoClock.getAsLong());
        state = attempted.state();
        try {
            attempted.actions().forEach(this::carryOut);
        } finally {
            history.save();
        }
    }

    /** Every version accepted in this round goes into the history (one it knows keeps its first arrival). */
    private void recordAccepted(List<AttemptResult> results) {
        Instant now = Instant.now();
        for (AttemptResult result : results) {
            if (result instanceof AttemptResult.Accepted accepted) {
                ModuleVersion module = accepted.module();
                history.accepted(module.name(), module.version(), module.digests(), nameOf(accepted.source()), now);
            }
        }
    }

    private void carryOut(Action action) {
        switch (action) {
            case Action.Attempt attempt -> throw new IllegalStateException("attempts come only from observe: " + attempt);
            case Action.Reject reject -> {
                LOG.warnf("rejected %s: %s; the current namespace is unchanged", reject.source().describe(), reject.reason());
                events.publish(new RuntimeEvent.Rejected(Instant.now(), pathOf(reject.source()), reject.reason()));
            }
            case Action.StopCounting stop -> LOG.warnf("%s no longer counts until what it requires is back: %s",
                    stop.source().describe(), stop.reason());
            case Action.WarnHeld held -> LOG.warnf("module %s stays although its last file left the folder: %s requires it",
                    held.module(), held.holder());
            case Action.WarnSameVersion same -> LOG.warn(sameVersionWarning(same));
            case Action.Unchanged unchanged -> LOG.info(unchangedLine(unchanged));
            case Action.WarnClassPath classPath -> LOG.warn(classPathWarning(classPath));
            case Action.Debug debug -> LOG.debug(debug.message());
            case Action.Deploy deploy -> deploy(deploy);
            case Action.CollectStoreGarbage collect -> collectStoreGarbage();
            case Action.RefusePin refused -> throw new IllegalStateException("a refused pin outside pin(): " + refused);
        }
    }

    private static String sameVersionWarning(Action.WarnSameVersion same) {
        List<Action.Offer> offers = same.offers();
        String files = Listing.of(offers.stream()
                .map(offer -> nameOf(offer.source()) + " (" + offer.module().shortDigest() + ")").toList());
        String current = same.current() == null ? "none of them counts now"
                : nameOf(same.current()) + " is current";
        return files + (offers.size() == 2 ? " both" : " all") + " declare module " + offers.getFirst().module()
                + " with different bytes; " + current + ". Remove the files you do not mean (maven-shade-plugin leaves the unshaded original-*.jar beside"
                + " the shaded jar), or give each build its own version";
    }

    private static String unchangedLine(Action.Unchanged unchanged) {
        String what = "(" + unchanged.module() + ", " + unchanged.module().shortDigest() + "): nothing changed";
        return unchanged.sameAs().equals(unchanged.source())
                ? nameOf(unchanged.source()) + " was written again with the same bytes " + what
                : nameOf(unchanged.source()) + " holds the same bytes as " + nameOf(unchanged.sameAs()) + " " + what;
    }

    private static String classPathWarning(Action.WarnClassPath classPath) {
        return nameOf(classPath.source()) + " (" + classPath.module() + ") has a Class-Path manifest header ("
                + String.join(" ", classPath.entries()) + ") that is not followed: the store is the truth for code, and"
                + " a path outside the jar would break it. Bundle those jars under lib/ inside the module jar, or drop"
                + " them into the folder as modules (plain library jars take their requires from their Maven metadata)";
    }

    private void deploy(Action.Deploy deploy) {
        Namespace next;
        List<Namespace> before = registry.live();
        try {
            next = factory.create(deploy.modules(), before);
            registry.promote(next);
        } catch (RuntimeException e) {
            state = state.withDeployed(registry.current().modules()); // the policy must not believe it happened
            throw e;
        }
        long deployNanos = nanoClock.getAsLong() - roundBegan;
        check.promoted(next, before);
        Instant now = Instant.now();
        for (Action.Change change : deploy.changes()) {
            switch (change) {
                case Action.Deployed deployed -> {
                    ModuleVersion module = deployed.module();
                    Path file = deployed.from() == null ? null : pathOf(deployed.from());
                    if (!(deployed.from() instanceof PinnedVersion)) {
                        history.becameCurrent(module.name(), module.digest(), now);
                    }
                    LOG.infof("deployed %s from %s as %s", module, deployed.from() instanceof PinnedVersion
                            ? "the store (pinned)" : file == null ? "the store" : file.getFileName(), next.info());
                    events.publish(new RuntimeEvent.Deployed(now, module.name(), module.version(), module.digest(), file,
                            next.info()));
                    DeployEvent.commit(module.name(), module.version(), module.digest(), next.info().id(), deployNanos);
                }
                case Action.Removed removed -> {
                    ModuleVersion module = removed.module();
                    LOG.infof("removed %s: its last file left the folder; new jobs bind %s", module, next.info());
                    events.publish(new RuntimeEvent.Removed(now, module.name(), module.version(), next.info()));
                }
            }
        }
    }

    /**
     * Deletes store files that no live namespace, no folder entry and nothing else still in use needs (rule 10).
     * Called after every promotion and retirement, on the control thread.
     */
    public void collectStoreGarbage() {
        Set<String> used = new HashSet<>(state.digestsInUse());
        for (Namespace ns : registry.live()) {
            for (ModuleVersion module : ns.modules().values()) {
                used.addAll(module.digests()); // its own jar's and its bundled jars'
            }
        }
        used.addAll(stillInUse.get());
        used.addAll(history.retainedDigests(historyVersions));
        for (String digest : store.digests()) {
            if (!used.contains(digest) && store.delete(digest)) {
                LOG.debugf("removed %s from the store: nothing uses it", digest);
            }
        }
    }

    /** The file name of {@code source}, for the lines that name several files of the folder. */
    private static String nameOf(Source source) {
        return switch (source) {
            case FolderFile file -> file.name();
            case PinnedVersion pin -> pin.describe();
        };
    }

    /** The watched file of {@code source}, or null for a pin (its version comes from the store). */
    private static Path pathOf(Source source) {
        return switch (source) {
            case FolderFile file -> file.path();
            case PinnedVersion pin -> null;
        };
    }

    // ---- pins (rule 5's exception) ----

    /** The pinned modules, each with its pinned version's digest. Any thread. */
    public Map<String, String> pinned() {
        return pinned;
    }

    /**
     * Pins the version of {@code module} that {@code wanted} names (a version, or a digest prefix) from the history,
     * deploying the namespace that follows before returning.
     *
     * @return the pinned version's record
     * @throws IllegalArgumentException if the history has no such version, its files left the store, or what it
     *     requires is missing; nothing changed then
     */
    public VersionRecord pin(String module, String wanted, boolean rollback) {
        List<VersionRecord> records = recordsOf(module);
        VersionRecord record = VersionChoice.named(records, wanted);
        if (record == null) {
            throw new IllegalArgumentException("the history of module '" + module + "' has no version '" + wanted
                    + "'; it holds " + describe(records));
        }
        return pin(record, rollback);
    }

    /**
     * Pins the version that was current before the current version of {@code module}.
     *
     * @throws IllegalArgumentException if there is none, naming what the history holds
     */
    public VersionRecord rollback(String module) {
        List<VersionRecord> records = recordsOf(module);
        ModuleVersion current = state.deployed().get(module);
        if (current == null) {
            throw new IllegalArgumentException("module '" + module + "' is not in the current namespace: there is"
                    + " nothing to roll back from; pin one of its versions instead: " + describe(records));
        }
        VersionRecord target = VersionChoice.rollbackTarget(records, current.digest(), this::held);
        if (target == null) {
            throw new IllegalArgumentException("module '" + module + "' has no version older than " + current.version()
                    + " (" + current.shortDigest() + ") that was current and is still held; its history: "
                    + describe(records));
        }
        return pin(target, true);
    }

    private VersionRecord pin(VersionRecord record, boolean rollback) {
        roundBegan = nanoClock.getAsLong(); // its deploy's duration counts from here
        if (!held(record)) {
            throw new IllegalArgumentException("version " + record + " is in the history, but its files left the store"
                    + " (it keeps the last " + historyVersions + " versions of each module, setting historyVersions);"
                    + " drop its jar into the folder again instead");
        }
        ModuleVersion version = versionOf(record);
        Decision decision = policy.pin(state, version);
        for (Action action : decision.actions()) {
            if (action instanceof Action.RefusePin refused) {
                throw new IllegalArgumentException("cannot pin " + record + ": " + refused.reason());
            }
        }
        DeployState before = state;
        String pinnedBefore = history.pins().get(record.module());
        state = decision.state();
        history.pin(record.module(), record.digest());
        publishPins();
        try {
            decision.actions().forEach(this::carryOut);
        } catch (RuntimeException e) { // its namespace could not be made: the pin did not happen
            state = before.withDeployed(registry.current().modules());
            if (pinnedBefore == null) {
                history.unpin(record.module());
            } else {
                history.pin(record.module(), pinnedBefore);
            }
            publishPins();
            throw new IllegalStateException("cannot pin " + record + ": its namespace could not be made (" + e
                    + "); nothing changed", e);
        } finally {
            history.saveNow();
        }
        LOG.infof("%s %s: it is current whatever the folder holds, until unpinned; new jobs bind %s",
                rollback ? "rolled back to" : "pinned", record, registry.current().info());
        events.publish(new RuntimeEvent.Pinned(Instant.now(), record.module(), record.version(), record.digest(), rollback));
        return history.find(record.module(), record.digest());
    }

    /**
     * Gives {@code module} back to the folder, deploying the namespace that follows before returning.
     *
     * @return whether it was pinned
     */
    public boolean unpin(String module) {
        ModuleVersion was = state.pins().get(module);
        if (was == null) {
            return false;
        }
        roundBegan = nanoClock.getAsLong();
        Decision decision = policy.unpin(state, module);
        state = decision.state();
        history.unpin(module);
        publishPins();
        try {
            decision.actions().forEach(this::carryOut);
        } finally {
            history.saveNow();
        }
        ModuleVersion now = state.deployed().get(module);
        LOG.infof("unpinned %s (was %s): the folder decides again; %s", module, was.version(),
                now == null ? "no file offers it, so it left the current namespace" : "current is " + now.version()
                        + " (" + now.shortDigest() + ")");
        events.publish(new RuntimeEvent.Unpinned(Instant.now(), module, was.version()));
        return true;
    }

    /** The pins the history holds, read back from the store, set before the first round. */
    private void restorePins() {
        Map<String, ModuleVersion> pins = new HashMap<>();
        history.pins().forEach((module, digest) -> {
            VersionRecord record = history.find(module, digest);
            try {
                if (record == null || !held(record)) {
                    throw new IOException("its files are no longer in the store");
                }
                pins.put(module, versionOf(record));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warnf("the pin of %s to %s is dropped: %s; the folder decides its version", module,
                        record == null ? digest : record, e.getMessage());
                history.unpin(module);
            }
        });
        state = policy.restorePins(state, pins);
        publishPins();
    }

    /** After the first round: a restored pin whose requirements are missing did not hold; it is dropped, with a WARN. */
    private void checkRestoredPins() {
        for (Map.Entry<String, ModuleVersion> pin : Map.copyOf(state.pins()).entrySet()) {
            ModuleVersion deployed = state.deployed().get(pin.getKey());
            if (deployed == null || !deployed.digest().equals(pin.getValue().digest())) {
                LOG.warnf("the pin of %s to %s does not hold after the restart (what it requires is missing): it is"
                        + " dropped, and the folder decides its version", pin.getKey(), pin.getValue());
                dropPin(pin.getKey());
            }
        }
    }

    /** Drops a pin the runtime could not keep: the WARN said why; no operator unpinned it, so no Unpinned event. */
    private void dropPin(String module) {
        Decision decision = policy.unpin(state, module);
        state = decision.state();
        history.unpin(module);
        publishPins();
        try {
            decision.actions().forEach(this::carryOut);
        } finally {
            history.saveNow();
        }
    }

    private void publishPins() {
        Map<String, String> now = new HashMap<>();
        state.pins().forEach((module, version) -> now.put(module, version.digest()));
        pinned = Map.copyOf(now);
    }

    private List<VersionRecord> recordsOf(String module) {
        List<VersionRecord> records = history.of(module);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the history has no module '" + module + "'; it has "
                    + (history.modules().isEmpty() ? "none yet" : Listing.of(List.copyOf(history.modules()))));
        }
        return records;
    }

    /** Whether the store still holds every file of {@code record}. */
    public boolean held(VersionRecord record) {
        for (String digest : record.digests()) {
            if (!java.nio.file.Files.exists(store.pathOf(digest))) {
                return false;
            }
        }
        return true;
    }

    /** The versions of {@code records} as a message lists them: {@code 1 (1f2e3d4c5b6a), 2 (…, files gone)}. */
    private String describe(List<VersionRecord> records) {
        return Listing.of(records.stream().map(r -> r.version() + " (" + r.shortDigest()
                + (held(r) ? "" : ", files left the store") + ")").toList());
    }

    /**
     * The module version of {@code record}: the one a source, a pin or a live namespace has, else read again from
     * its store file.
     */
    private ModuleVersion versionOf(VersionRecord record) {
        for (Entry entry : state.competing().values()) {
            if (entry.module().digest().equals(record.digest())) {
                return entry.module();
            }
        }
        for (Namespace ns : registry.live()) {
            for (ModuleVersion module : ns.modules().values()) {
                if (module.digest().equals(record.digest())) {
                    return module;
                }
            }
        }
        try {
            ModuleVersion version = intake.reread(store.pathOf(record.digest()), record.source());
            if (!version.name().equals(record.module()) || !version.version().equals(record.version())) {
                throw new IllegalArgumentException("its store file now reads as " + version + ", not " + record);
            }
            return version;
        } catch (InvalidJarException e) {
            throw new IllegalArgumentException("its store file is no longer a valid jar: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("its store file cannot be read: " + e.getMessage(), e);
        }
    }

    /** The stamp of {@code file}, or null if it is gone or cannot be looked at. */
    private static FileStamp stamp(Path file) {
        try {
            return FileStamp.of(file);
        } catch (IOException e) {
            LOG.debugf("cannot stat %s: %s", file, e.getMessage());
            return null;
        }
    }
}
