package io.modulets.runtime.deploy;

import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.events.EventHub;
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
    private DeployState state;
    /** When the current round began, by {@link #nanoClock}: a deploy's duration is measured from there. */
    private long roundBegan;

    /**
     * A deployer over {@code store} that promotes into {@code registry}.
     *
     * @param settleWindow how long a file that fails must stay unchanged before it is rejected
     * @param nanoClock the time in nanoseconds, as {@link System#nanoTime()}
     * @param stillInUse digests whose store files something other than the live namespaces and the folder still
     *     reads, so {@link #collectStoreGarbage()} keeps them
     */
    public Deployer(ContentStore store, NamespaceFactory factory, NamespaceRegistry registry,
            EventHub<RuntimeEvent> events, Duration settleWindow, LongSupplier nanoClock,
            Supplier<Set<String>> stillInUse) {
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
    }

    /** Deploys every jar in {@code files} (oldest first) as one change: one new namespace at most. */
    public void deployAll(List<Path> files) {
        List<Observation> seen = new ArrayList<>();
        for (Path file : files) {
            FileStamp stamp = stamp(file);
            if (stamp != null) {
                seen.add(new Observation.Seen(new FolderFile(file), stamp, false));
            }
        }
        round(seen);
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
        Decision attempted = policy.attempted(state, results, nanoClock.getAsLong());
        state = attempted.state();
        attempted.actions().forEach(this::carryOut);
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
                    LOG.infof("deployed %s from %s as %s", module, file == null ? "the store" : file.getFileName(),
                            next.info());
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
        };
    }

    private static Path pathOf(Source source) {
        return switch (source) {
            case FolderFile file -> file.path();
        };
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
