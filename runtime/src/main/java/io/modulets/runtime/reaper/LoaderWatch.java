package io.modulets.runtime.reaper;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.ref.WeakReference;

/** A closed loader the reaper waits to see collected. Holds it weakly only. */
final class LoaderWatch {

    final WeakReference<ModuleClassLoader> loader;
    final String module;
    final String version;
    final long closedAtNanos;

    LoaderWatch(ModuleClassLoader loader, long closedAtNanos) {
        this.loader = new WeakReference<>(loader);
        this.module = loader.module().name();
        this.version = loader.module().version();
        this.closedAtNanos = closedAtNanos;
    }

    boolean collected() {
        return loader.refersTo(null);
    }

    @Override
    public String toString() {
        return module + " " + version;
    }
}
