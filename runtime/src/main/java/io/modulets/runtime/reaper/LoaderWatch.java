package io.modulets.runtime.reaper;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.ref.WeakReference;
import java.util.List;

/** A retired loader the reaper waits to see collected. Holds it weakly only. */
final class LoaderWatch {

    final WeakReference<ModuleClassLoader> loader;
    final String module;
    final String version;
    /** The digests of the loader's store files (its jar's and its bundled jars'), kept until it is collected. */
    final List<String> digests;
    final long retiredAtNanos;
    /** Whether a leak has been reported: the reaper goes on watching, without asking for GCs on its behalf. */
    boolean suspected;
    /** The GCs the reaper has requested while this loader waited for its verdict. */
    int requestedGcs;

    LoaderWatch(ModuleClassLoader loader, long retiredAtNanos) {
        this.loader = new WeakReference<>(loader);
        this.module = loader.module().name();
        this.version = loader.module().version();
        this.digests = loader.module().digests();
        this.retiredAtNanos = retiredAtNanos;
    }

    boolean collected() {
        return loader.refersTo(null);
    }

    @Override
    public String toString() {
        return module + " " + version;
    }
}
