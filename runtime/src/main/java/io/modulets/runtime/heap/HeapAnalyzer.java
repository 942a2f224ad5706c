package io.modulets.runtime.heap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds out, from a heap dump of this JVM, how a retired module loader is still reachable.
 *
 * <p>A dump holds every live object, so it takes seconds and as much disk as the live heap: the reaper runs this
 * only when the setting turns it on, at a bounded rate, on a thread of its own.
 */
public final class HeapAnalyzer {

    private final Path dumpDir;
    private final boolean keepDumps;

    /**
     * @param dumpDir where dumps are written (created if missing)
     * @param keepDumps whether a dump is kept after its analysis (its path is then in the finding); else deleted
     */
    public HeapAnalyzer(Path dumpDir, boolean keepDumps) {
        this.dumpDir = dumpDir;
        this.keepDumps = keepDumps;
    }

    /**
     * Dumps the heap and finds the module loader whose {@code ModuleClassLoader.serial()} is {@code loaderSerial}.
     *
     * @throws IOException if the dump cannot be written or read
     */
    public Finding analyse(long loaderSerial) throws IOException {
        throw new UnsupportedOperationException("heap analysis is not written yet");
    }

    /** How the loader was reachable in the dump. */
    public enum Reachability {
        /** A chain of strong references leads from a GC root to it: a leak; {@link Finding#path()} is that chain. */
        STRONG,
        /** Only through soft, weak or phantom references (or a finalizer): the JVM frees it when it needs to. */
        NOT_STRONG,
        /** Not in the dump: collected meanwhile. */
        ABSENT
    }

    /**
     * What the analysis found.
     *
     * @param path for {@link Reachability#STRONG}, the steps from the root to the loader, such as
     *     {@code "java.sql.DriverManager.registeredDrivers (static)"}, {@code "java.util.concurrent.CopyOnWriteArrayList.array"},
     *     {@code "[0]"}, {@code "java.sql.DriverInfo.driver"}, ...; else empty
     * @param keptDump the dump, if it was kept
     */
    public record Finding(Reachability reachability, List<String> path, Optional<Path> keptDump) {
        public Finding {
            path = List.copyOf(path);
        }
    }
}
