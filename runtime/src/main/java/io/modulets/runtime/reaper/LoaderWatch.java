package io.modulets.runtime.reaper;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.ref.WeakReference;
import java.util.List;

/** A retired loader the reaper waits to see collected. Holds it weakly only. Confined to the control thread. */
final class LoaderWatch {

    final WeakReference<ModuleClassLoader> loader;
    final String module;
    final String version;
    /** The loader's {@link ModuleClassLoader#serial()}: how a heap analysis finds it without holding it. */
    final long serial;
    /** The digests of the loader's store files (its jar's and its bundled jars'), kept until it is collected. */
    final List<String> digests;
    final long retiredAtNanos;
    /** Whether a leak has been reported: the reaper goes on watching, asking for GCs ever less often. */
    boolean suspected;
    /** Whether a heap analysis found it reachable only through soft or weak references: watched, not suspected. */
    boolean heldSoftly;
    /** Whether a heap analysis of it is running: its verdict waits for the result. */
    boolean analysing;
    /** The GCs the reaper has requested while this loader waited for its verdict. */
    int requestedGcs;
    /** The GCs the reaper has requested on its behalf since it was suspected (or found held softly). */
    int gcsSinceSuspicion;
    /** When the next GC on its behalf is due, once suspected (or held softly). */
    long nextGcNanos;

    /** The loader's name, {@code module@version#serial} (as {@link ModuleClassLoader#getName()} gives it). */
    String loaderName() {
        return module + "@" + version + "#" + serial;
    }

    LoaderWatch(ModuleClassLoader loader, long retiredAtNanos) {
        this.loader = new WeakReference<>(loader);
        this.module = loader.module().name();
        this.version = loader.module().version();
        this.serial = loader.serial();
        this.digests = loader.module().digests();
        this.retiredAtNanos = retiredAtNanos;
    }

    boolean collected() {
        return loader.refersTo(null);
    }

    /** Whether the loader has had its verdict: suspected, or found held only softly. */
    boolean judged() {
        return suspected || heldSoftly;
    }

    /** Starts the widening GC schedule of a judged loader at {@code nowNanos}. */
    void judgedAt(long nowNanos) {
        gcsSinceSuspicion = 0;
        nextGcNanos = nowNanos + WatchSchedule.suspectIntervalNanos(0);
    }

    @Override
    public String toString() {
        return module + " " + version;
    }
}
