package io.modulets.runtime.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Which namespace is current, which are live, and the leases on them (rules 8 and 10).
 *
 * <p>Design: {@link #lease} reads {@code current} and tries to lease it; leasing fails only on a namespace
 * being retired or retired, which by then is no longer current, so the loop ends on the next read (a failed
 * lease may have made a retirement under way back off, so it tries the retirement itself). {@link #promote}
 * swaps {@code current} and then tries to retire the old one; {@link #release} gives the lease back and then,
 * if the namespace is no longer current, tries to retire it. Both orders are write-then-read on atomics, so
 * whichever of the two comes last sees the other, and {@link Namespace#tryRetire} lets exactly one win. The
 * submit path touches only {@code current} and one stripe of the namespace's lease count: no lock.
 */
public final class NamespaceRegistry {

    private final AtomicReference<Namespace> current = new AtomicReference<>();
    private final ConcurrentSkipListMap<Long, Namespace> live = new ConcurrentSkipListMap<>();
    private final Consumer<Namespace> onRetired;

    /**
     * @param initial the first current namespace
     * @param onRetired called once per retired namespace, on the thread that retired it; must not block
     */
    public NamespaceRegistry(Namespace initial, Consumer<Namespace> onRetired) {
        this.onRetired = onRetired;
        live.put(initial.generation(), initial);
        current.set(initial);
    }

    /** The namespace new jobs bind. */
    public Namespace current() {
        return current.get();
    }

    /** Live namespaces, oldest first. */
    public List<Namespace> live() {
        return new ArrayList<>(live.values());
    }

    /**
     * Leases the current namespace atomically: the result is live and stays live until {@link #release}.
     *
     * @param stripe which stripe of the lease count to use (any int); the release must name the same one
     */
    public Namespace lease(int stripe) {
        for (;;) {
            Namespace ns = current.get();
            if (ns.tryLease(stripe)) {
                return ns;
            }
            if (current.get() != ns) {
                retireIfIdle(ns);
            }
        }
    }

    /** Gives back a lease taken by {@link #lease}; retires the namespace if it was the last and it is not current. */
    public void release(Namespace ns, int stripe) {
        ns.release(stripe);
        if (current.get() != ns) {
            retireIfIdle(ns);
        }
    }

    /** Makes {@code next} current; the previous namespace is retired now if it holds no lease. */
    public void promote(Namespace next) {
        live.put(next.generation(), next);
        Namespace previous = current.getAndSet(next);
        if (previous != null && previous != next) {
            retireIfIdle(previous);
        }
    }

    private void retireIfIdle(Namespace ns) {
        if (ns.tryRetire()) {
            live.remove(ns.generation());
            onRetired.accept(ns);
        }
    }
}
