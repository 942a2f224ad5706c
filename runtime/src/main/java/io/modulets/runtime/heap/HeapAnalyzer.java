package io.modulets.runtime.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Finds out, from a heap dump of this JVM, how a retired module loader is still reachable.
 *
 * <p>A dump holds every live object, so it takes seconds and as much disk as the live heap: the reaper runs this
 * only when the setting turns it on, at a bounded rate, on a thread of its own.
 *
 * <p>The dump is of live objects only ({@link HotSpotDiagnosticMXBean#dumpHeap} with {@code live}: a full GC
 * first), named {@code modulets-<time>-loader-<serial>.hprof} in the dump folder, and deleted when its analysis
 * ends, however it ends, unless dumps are kept.
 *
 * <p>The reader is our own ({@link HeapDumpReader}), not a library: HPROF is a small format (a dozen record
 * kinds), and the one question asked of it (the shortest strong path to one object) needs an index of offsets
 * and a breadth-first search, about 600 lines. The libraries made for it cost more than that: Eclipse MAT is not
 * on Maven Central; NetBeans' profiler heap library ({@code org-netbeans-lib-profiler}) comes with the NetBeans
 * module system's jars and writes its index to temporary files; Square's Shark is Kotlin (its standard library
 * and Okio, a few megabytes, in every host that turns this on) and is tuned to Android dumps. Ours maps the file
 * (no heap for its bytes) and keeps per object a 12-byte map slot, an 8-byte offset and two ints for the search.
 *
 * <p>Thread rules: an instance may run one analysis at a time ({@link #analyse} blocks for its duration).
 */
public final class HeapAnalyzer {

    private static final Logger LOG = Logger.getLogger("io.modulets.reaper");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

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
        Files.createDirectories(dumpDir);
        Path dump = dumpDir.resolve("modulets-" + LocalDateTime.now().format(STAMP) + "-loader-" + loaderSerial + ".hprof");
        boolean kept = false;
        try {
            long start = System.nanoTime();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            long dumped = System.nanoTime();
            Finding finding = HeapDumpReader.find(dump, loaderSerial);
            LOG.debugf("heap analysis of module loader #%d: %s; dump of %d MiB written in %d ms, read in %d ms", loaderSerial,
                    finding.reachability(), Files.size(dump) >> 20, (dumped - start) / 1_000_000,
                    (System.nanoTime() - dumped) / 1_000_000);
            kept = keepDumps;
            return kept ? new Finding(finding.reachability(), finding.path(), Optional.of(dump)) : finding;
        } finally {
            if (!kept) {
                Files.deleteIfExists(dump);
            }
        }
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
