package io.modulets.runtime.reaper;

import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Retires namespaces and verifies that the JVM gives their memory back (rule 10).
 *
 * <p>When a namespace is retired, every loader of it that no live namespace still uses is closed and
 * watched through a weak reference. Each {@link #tick} reports the watched loaders that were collected,
 * and those still reachable past the leak deadline as leak suspects, with what {@link LeakDiagnosis} can name.
 * While loaders wait, the reaper asks for a GC at most once a second and four times per deadline (if enabled), since an
 * idle JVM may otherwise not collect for a long time and every loader would look like a leak.
 *
 * <p>Confined to the runtime's control thread.
 */
public final class Reaper {

    private static final Logger LOG = Logger.getLogger("io.modulets.reaper");

    private static final long MAX_GC_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final NamespaceRegistry registry;
    private final EventHub<RuntimeEvent> events;
    private final Runnable afterRetire;
    private final long deadlineNanos;
    private final boolean requestGc;
    private final LongSupplier nanoClock;
    private final List<LoaderWatch> watched = new ArrayList<>();
    private long lastGcNanos;

    /**
     * @param afterRetire run after each retirement (the store's garbage collection)
     * @param leakDeadline how long a closed loader may stay reachable before it is reported
     * @param requestGc whether to call {@link System#gc()} while loaders wait to be verified
     */
    public Reaper(NamespaceRegistry registry, EventHub<RuntimeEvent> events, Runnable afterRetire, Duration leakDeadline,
            boolean requestGc, LongSupplier nanoClock) {
        this.registry = registry;
        this.events = events;
        this.afterRetire = afterRetire;
        this.deadlineNanos = leakDeadline.toNanos();
        this.requestGc = requestGc;
        this.nanoClock = nanoClock;
        this.lastGcNanos = nanoClock.getAsLong();
    }

    /** Handles a namespace the registry has just retired. */
    public void retired(Namespace ns) {
        if (!ns.modules().isEmpty()) {
            LOG.infof("retired %s: no job holds it and %s is current", ns.info(), registry.current().info().id());
        }
        events.publish(new RuntimeEvent.Retired(Instant.now(), ns.info()));
        Set<ModuleClassLoader> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Namespace live : registry.live()) {
            inUse.addAll(live.loaders());
        }
        for (ModuleClassLoader loader : ns.loaders()) {
            if (!inUse.contains(loader) && !loader.isClosed()) {
                close(loader);
            }
        }
        afterRetire.run();
    }

    private void close(ModuleClassLoader loader) {
        try {
            loader.close();
        } catch (RuntimeException e) {
            LOG.warnf("closing the loader of %s failed: %s", loader.module(), e.getMessage());
        }
        LOG.debugf("closed the loader of %s", loader.module());
        events.publish(new RuntimeEvent.LoaderClosed(Instant.now(), loader.module().name(), loader.module().version()));
        watched.add(new LoaderWatch(loader, nanoClock.getAsLong()));
    }

    /** Reports collected loaders and leak suspects; asks for a GC if loaders are waiting. */
    public void tick() {
        if (watched.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        for (Iterator<LoaderWatch> it = watched.iterator(); it.hasNext(); ) {
            LoaderWatch watch = it.next();
            Duration age = Duration.ofNanos(now - watch.closedAtNanos);
            if (watch.collected()) {
                it.remove();
                LOG.infof("collected %s: the JVM freed its class loader %d ms after it was closed", watch, age.toMillis());
                events.publish(new RuntimeEvent.Collected(Instant.now(), watch.module, watch.version, age));
            } else if (age.toNanos() >= deadlineNanos) {
                it.remove();
                String cause = diagnose(watch);
                LOG.warnf("leak suspected: the class loader of %s is still reachable %d ms after it was closed: %s",
                        watch, age.toMillis(), cause);
                events.publish(new RuntimeEvent.LeakSuspected(Instant.now(), watch.module, watch.version, age, cause));
            }
        }
        if (requestGc && !watched.isEmpty() && now - lastGcNanos >= Math.min(deadlineNanos / 4, MAX_GC_INTERVAL_NANOS)) {
            lastGcNanos = now;
            System.gc();
        }
    }

    private static String diagnose(LoaderWatch watch) {
        ModuleClassLoader loader = watch.loader.get();
        return loader == null ? "collected while diagnosing" : LeakDiagnosis.of(loader);
    }

    /** Loaders closed and not yet collected nor reported. */
    public int waitingCount() {
        return watched.size();
    }
}
