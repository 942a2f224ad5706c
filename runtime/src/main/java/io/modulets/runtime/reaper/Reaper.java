package io.modulets.runtime.reaper;

import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.heap.HeapAnalyzer;
import io.modulets.runtime.leak.Remedies;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Retires namespaces and verifies that the JVM gives their memory back (rule 10).
 *
 * <p>When a namespace is retired, every loader of it that no live namespace still uses is retired too and
 * watched through a weak reference. Each {@link #tick} reports the watched loaders that were collected, and
 * those still reachable past the leak deadline as leak suspects, with what the remedies can name; a
 * suspect stays watched, and its later collection is reported too. While loaders wait for their first verdict,
 * the reaper asks for a GC at most once a second and four times per deadline (if enabled), since an idle JVM
 * may otherwise not collect for a long time and every loader would look like a leak; it asks none on behalf of
 * suspects, which the JVM's own collections will show. Before each GC after the first that a loader survived, it
 * has the virtual-thread carriers renew their VM result slot ({@link CarrierRinse}): an idle carrier can keep
 * there the last exception a job died of, and with it the module's classes.
 *
 * <p>A retired loader may still be asked for classes by objects that outlive their job, so its store file
 * must stay: {@link #filesInUse()} names them for the store's garbage collection, which runs again after each
 * collection ({@code afterChange}).
 *
 * <p>Confined to the runtime's control thread, except {@link #retiredLater}. {@link #tick} never throws: it runs under a fixed-delay
 * schedule, which would stop for good after one exception.
 */
public final class Reaper {

    private static final Logger LOG = Logger.getLogger("io.modulets.reaper");

    /** How a cause begins when no remedy could name a holder. */
    private static final String NOTHING_NAMED = "none of what the runtime can look at holds it";
    private static final String STATIC = " (static)";
    private static final Duration RINSE_LIMIT = Duration.ofMillis(50);

    private final NamespaceRegistry registry;
    private final EventHub<RuntimeEvent> events;
    private final Runnable afterChange;
    private final long deadlineNanos;
    private final boolean requestGc;
    private final LongSupplier nanoClock;
    private final Remedies remedies;
    /** Null when heap analysis is off. */
    private final LeakAnalysis analysis;
    private final List<LoaderWatch> watched = new ArrayList<>();
    private final Queue<Namespace> pending = new ConcurrentLinkedQueue<>();
    private long lastGcNanos;

    /**
     * A reaper that undoes nothing at retirement and makes no heap analysis.
     *
     * @param afterChange run after each retirement and each collection (the store's garbage collection)
     * @param leakDeadline how long a retired loader may stay reachable before it is reported
     * @param requestGc whether to call {@link System#gc()} while loaders wait to be verified
     */
    public Reaper(NamespaceRegistry registry, EventHub<RuntimeEvent> events, Runnable afterChange, Duration leakDeadline,
            boolean requestGc, LongSupplier nanoClock) {
        this(registry, events, afterChange, leakDeadline, requestGc, nanoClock, Remedies.none(), null, Duration.ZERO);
    }

    /**
     * @param afterChange run after each retirement and each collection (the store's garbage collection)
     * @param leakDeadline how long a retired loader may stay reachable before it is reported
     * @param requestGc whether to call {@link System#gc()} while loaders wait to be verified
     * @param remedies what is undone at each loader's retirement, and named when it still holds one
     * @param heapAnalyzer analyses leak suspects in a heap dump; null for none
     * @param heapAnalysisInterval the least time between two heap analyses
     */
    public Reaper(NamespaceRegistry registry, EventHub<RuntimeEvent> events, Runnable afterChange, Duration leakDeadline,
            boolean requestGc, LongSupplier nanoClock, Remedies remedies, HeapAnalyzer heapAnalyzer,
            Duration heapAnalysisInterval) {
        this.registry = registry;
        this.events = events;
        this.afterChange = afterChange;
        this.deadlineNanos = leakDeadline.toNanos();
        this.requestGc = requestGc;
        this.nanoClock = nanoClock;
        this.remedies = remedies;
        this.analysis = heapAnalyzer == null ? null : new LeakAnalysis(heapAnalyzer, heapAnalysisInterval, nanoClock);
        this.lastGcNanos = nanoClock.getAsLong();
    }

    /**
     * Takes a namespace the registry has just retired, on any thread; {@link #handleRetired()} does the work on
     * the control thread. Until then its files count as in use (a store collection that runs in between, after
     * a promotion, must not take them).
     */
    public void retiredLater(Namespace ns) {
        pending.add(ns);
    }

    /** Handles every namespace given to {@link #retiredLater} so far, in order. */
    public void handleRetired() {
        for (Namespace ns; (ns = pending.poll()) != null; ) {
            retired(ns);
        }
    }

    /**
     * Handles a namespace the registry has just retired. A namespace without modules (the empty one a runtime
     * begins with, or what is left when the folder empties) has no loader and can hold no job: its retirement
     * is not reported.
     */
    private void retired(Namespace ns) {
        if (ns.modules().isEmpty()) {
            return;
        }
        LOG.infof("retired %s: no job holds it and %s is current", ns.info(), registry.current().info().id());
        events.publish(new RuntimeEvent.Retired(Instant.now(), ns.info()));
        Set<ModuleClassLoader> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Namespace live : registry.live()) {
            inUse.addAll(live.loaders());
        }
        for (ModuleClassLoader loader : ns.loaders()) {
            if (!inUse.contains(loader) && !loader.isRetired()) {
                retire(loader);
            }
        }
        afterChange.run();
    }

    private void retire(ModuleClassLoader loader) {
        loader.retire();
        LOG.debugf("retired the loader of %s", loader.module());
        watched.add(new LoaderWatch(loader, nanoClock.getAsLong())); // first: whatever the remedies do, it is watched
        List<String> undone = remedies.undo(loader);
        for (String what : undone) {
            LOG.infof("undone for retired %s: %s", loader.module(), what);
        }
        events.publish(new RuntimeEvent.LoaderRetired(Instant.now(), loader.module().name(), loader.module().version(), undone));
    }

    /** The digests of store files that retired loaders not yet collected may still read. */
    public Set<String> filesInUse() {
        Set<String> digests = new HashSet<>();
        for (Namespace ns : pending) {
            ns.modules().values().forEach(module -> digests.addAll(module.digests()));
        }
        for (LoaderWatch watch : watched) {
            digests.addAll(watch.digests);
        }
        return digests;
    }

    /**
     * Reports collected loaders and leak suspects; asks for a GC if loaders are waiting. Never throws: a failure
     * is logged and the next tick tries again.
     */
    public void tick() {
        try {
            verify();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "checking retired loaders for collection failed; trying again at the next tick");
        }
    }

    private void verify() {
        if (watched.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (analysis != null) {
            analysis.finished().forEach(result -> analysed(result, now));
        }
        boolean anyCollected = false;
        boolean anyAwaitingVerdict = false;
        boolean suspectGcDue = false;
        for (Iterator<LoaderWatch> it = watched.iterator(); it.hasNext(); ) {
            LoaderWatch watch = it.next();
            Duration age = Duration.ofNanos(now - watch.retiredAtNanos);
            if (watch.collected()) {
                it.remove();
                anyCollected = true;
                LOG.infof("collected %s: the JVM freed its class loader %d ms after it was retired%s", watch, age.toMillis(),
                        watch.suspected ? " (it had been reported as a leak suspect)" : "");
                events.publish(new RuntimeEvent.Collected(Instant.now(), watch.module, watch.version, age, watch.suspected,
                        watch.loaderName()));
            } else if (watch.analysing) {
                continue; // its verdict waits for the heap analysis
            } else if (!watch.judged() && age.toNanos() >= deadlineNanos) {
                judge(watch, now);
            } else if (!watch.judged()) {
                anyAwaitingVerdict = true;
            } else if (now - watch.nextGcNanos >= 0) {
                suspectGcDue = true;
                watch.nextGcNanos = now + WatchSchedule.suspectIntervalNanos(++watch.gcsSinceSuspicion);
            }
        }
        if (anyCollected) {
            afterChange.run();
        }
        boolean verdictGcDue = anyAwaitingVerdict && now - lastGcNanos >= WatchSchedule.verdictIntervalNanos(deadlineNanos);
        if (requestGc && (verdictGcDue || suspectGcDue)) {
            lastGcNanos = now;
            boolean survivor = suspectGcDue;
            for (LoaderWatch watch : watched) {
                survivor |= !watch.judged() && watch.requestedGcs++ > 0;
            }
            if (survivor) {
                rinseCarriers();
            }
            System.gc();
        }
    }

    /** The leak deadline has passed for {@code watch}: name its holders, and analyse its heap path if that is on. */
    private void judge(LoaderWatch watch, long now) {
        ModuleClassLoader loader = watch.loader.get();
        if (loader == null) {
            return; // collected just now: the next tick reports it
        }
        String cause = cause(loader);
        loader = null; // not held while an analysis dumps the heap
        String skipped = analysis == null ? null : analysis.tryStart(watch, cause);
        if (analysis != null && skipped == null) {
            watch.analysing = true;
            return;
        }
        suspect(watch, now, skipped == null ? cause : cause + " (" + skipped + ")", List.of());
    }

    private void analysed(LeakAnalysis.Result result, long now) {
        LoaderWatch watch = result.watch();
        watch.analysing = false;
        if (!watched.contains(watch)) {
            return;
        }
        if (result.finding().isEmpty()) {
            suspect(watch, now, result.cause() + " (" + result.failure() + ")", List.of());
            return;
        }
        HeapAnalyzer.Finding finding = result.finding().get();
        String kept = finding.keptDump().map(dump -> "; heap dump kept at " + dump).orElse("");
        switch (finding.reachability()) {
            case STRONG -> suspect(watch, now, (result.cause().startsWith(NOTHING_NAMED) ? heldAlong(finding.path())
                    : result.cause()) + kept, finding.path());
            case NOT_STRONG -> {
                watch.heldSoftly = true;
                watch.judgedAt(now);
                LOG.infof("%s is held only through soft or weak references (heap analysis%s): not a leak, the JVM frees it"
                        + " when it needs the memory; still watched", watch, kept);
            }
            case ABSENT -> { } // collected meanwhile: the next tick reports it
        }
    }

    private void suspect(LoaderWatch watch, long now, String cause, List<String> heapPath) {
        watch.suspected = true;
        watch.judgedAt(now);
        Duration age = Duration.ofNanos(now - watch.retiredAtNanos);
        String path = heapPath.isEmpty() ? "" : "; path from a GC root: " + String.join(" -> ", heapPath);
        LOG.warnf("leak suspected: the class loader of %s is still reachable %d ms after it was retired: %s%s", watch,
                age.toMillis(), cause, path);
        events.publish(new RuntimeEvent.LeakSuspected(Instant.now(), watch.module, watch.version, age, cause, heapPath,
                watch.loaderName()));
    }

    /**
     * A loader that survived a requested GC may be held by nothing but an idle carrier thread's VM result slot
     * (see {@link CarrierRinse}): have every carrier renew it before the next GC.
     */
    private static void rinseCarriers() {
        try {
            if (!CarrierRinse.run(CarrierRinse.carriers(), RINSE_LIMIT)) {
                LOG.debug("some carrier threads were busy and did not renew their VM result slot in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What holds {@code loader}, as far as the remedies can name it. */
    private String cause(ModuleClassLoader loader) {
        List<String> holders = remedies.holders(loader);
        if (!holders.isEmpty()) {
            return String.join("; ", holders);
        }
        return NOTHING_NAMED + " (" + remedies.looksAt() + "); something else still"
                + " references one of its classes or objects, such as a job result or module object the host kept"
                + (analysis == null ? "; turn on heap analysis (heapAnalysis) for the path from a GC root" : "");
    }

    /**
     * The cause a heap path gives when no remedy named a holder: its root, and for a static field, which module
     * (or the platform layer) owns the class.
     */
    private String heldAlong(List<String> path) {
        String root = path.isEmpty() ? "a GC root" : path.getFirst();
        String owner = "";
        if (root.endsWith(STATIC)) {
            String field = root.substring(0, root.length() - STATIC.length());
            String className = field.substring(0, Math.max(0, field.lastIndexOf('.')));
            owner = ownerOf(className);
        }
        return "held along a strong path from a GC root, starting at " + root + owner + " (" + path.size() + " steps, in heapPath)";
    }

    /** Which live module defines {@code className}, as a phrase; empty if none does (the JDK's or the host's). */
    private String ownerOf(String className) {
        for (Namespace live : registry.live()) {
            for (ModuleClassLoader loader : live.loaders()) {
                if (loader.defines(className)) {
                    return ", a class of module " + loader.module() + " (live in " + live.info().id() + ")";
                }
            }
        }
        return ", a class outside every module (the platform layer or the JDK)";
    }
}
