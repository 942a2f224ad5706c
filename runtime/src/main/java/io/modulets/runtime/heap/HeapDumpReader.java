package io.modulets.runtime.heap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one HPROF dump and answers how the module loader with a given serial is reachable in it. Our own small
 * reader (see {@link HeapAnalyzer} for why): one pass indexes the dump ({@link HeapIndex}), a scan finds the
 * loader by its {@code serial} field, a breadth-first search finds the shortest strong path ({@link StrongPaths}).
 */
final class HeapDumpReader {

    /** The class whose instances are module loaders, and its field that tells them apart. */
    static final String LOADER_CLASS = "io.modulets.runtime.namespace.ModuleClassLoader";
    static final String SERIAL_FIELD = "serial";

    private HeapDumpReader() {
    }

    /**
     * How the loader with {@code serial} is reachable in {@code dump}; {@link HeapAnalyzer.Finding#keptDump()} is
     * empty.
     *
     * @throws IOException if the dump cannot be read or is malformed
     */
    static HeapAnalyzer.Finding find(Path dump, long serial) throws IOException {
        try (HprofFile file = HprofFile.open(dump)) {
            HeapIndex index = HeapIndex.read(file);
            OptionalLong loader = loaderNode(index, serial);
            if (loader.isEmpty()) {
                return new HeapAnalyzer.Finding(HeapAnalyzer.Reachability.ABSENT, List.of(), Optional.empty());
            }
            Optional<List<String>> path = new StrongPaths(new HeapGraph(index)).to((int) loader.getAsLong());
            return path.map(steps -> new HeapAnalyzer.Finding(HeapAnalyzer.Reachability.STRONG, steps, Optional.empty()))
                    .orElseGet(() -> new HeapAnalyzer.Finding(HeapAnalyzer.Reachability.NOT_STRONG, List.of(), Optional.empty()));
        }
    }

    /** The node of the module loader whose serial is {@code serial}, if the dump has it. */
    private static OptionalLong loaderNode(HeapIndex index, long serial) {
        long[] loaderClasses = index.classIdsNamed(LOADER_CLASS).stream().mapToLong(Long::longValue).toArray();
        if (loaderClasses.length == 0) {
            return OptionalLong.empty();
        }
        for (int node = 0; node < index.nodeCount(); node++) {
            if (index.tag(node) == HeapIndex.INSTANCE_DUMP && contains(loaderClasses, index.classIdOf(node))
                    && index.field(node, LOADER_CLASS, SERIAL_FIELD).orElse(-1) == serial) {
                return OptionalLong.of(node);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean contains(long[] ids, long id) {
        for (long candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }
}
