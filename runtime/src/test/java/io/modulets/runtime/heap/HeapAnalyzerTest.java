package io.modulets.runtime.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.Job;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.PlatformLayer;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 10, heap analysis: real dumps of this JVM, read by our own reader, find a real module loader by its serial
 * and name the shortest strong path to it, or say that none is strong, or that it is gone.
 */
class HeapAnalyzerTest {

    private static final String PIN_PROPERTY = "io.modulets.test.heap-pin";

    @TempDir
    Path dir;

    /** Makes a module loader, has {@code pinning} take an object of its class, and returns the loader's serial. */
    private long moduleObject(String module, Consumer<Object> pinning) throws Exception {
        Path jar = ModuleJar.named(module).version("1")
                .source(module + ".Pin", "package " + module + "; public class Pin { }")
                .writeTo(dir.resolve(module + ".jar"));
        NamespaceFactory factory = new NamespaceFactory(new PlatformLayer(Job.class.getClassLoader(), List.of()));
        Namespace ns = factory.create(Map.of(module, new ModuleVersion(module, "1", List.of(), "d-" + module, jar,
                Set.of(module))), List.of());
        ModuleClassLoader loader = ns.loader(module);
        pinning.accept(loader.loadClass(module + ".Pin").getConstructor().newInstance());
        return loader.serial();
    }

    private HeapAnalyzer analyzer(boolean keep) {
        return new HeapAnalyzer(dir.resolve("heap-dumps"), keep);
    }

    @Test
    void analyse_objectInSystemProperties_strongPathFromSystemPropsStaticToLoader() throws Exception {
        long serial = moduleObject("props", pin -> System.getProperties().put(PIN_PROPERTY, pin));
        try {
            HeapAnalyzer.Finding finding = analyzer(false).analyse(serial);

            assertEquals(HeapAnalyzer.Reachability.STRONG, finding.reachability(), finding::toString);
            List<String> path = finding.path();
            assertEquals("java.lang.System.props (static)", path.getFirst(), path::toString);
            assertTrue(path.contains("java.util.concurrent.ConcurrentHashMap$Node.val"), path::toString);
            assertEquals(List.of("<class>", "<loader>"), path.subList(path.size() - 2, path.size()), path::toString);
        } finally {
            System.getProperties().remove(PIN_PROPERTY);
        }
    }

    @Test
    void analyse_objectHeldBySoftReferenceOnly_notStrong() throws Exception {
        SoftReference<?>[] soft = new SoftReference<?>[1];
        long serial = moduleObject("soft", pin -> soft[0] = new SoftReference<>(pin));

        HeapAnalyzer.Finding finding = analyzer(false).analyse(serial);

        assertFalse(soft[0].refersTo(null), "the JVM cleared the soft reference: nothing was left to analyse");
        assertEquals(HeapAnalyzer.Reachability.NOT_STRONG, finding.reachability(), finding::toString);
        assertEquals(List.of(), finding.path());
    }

    @Test
    void analyse_objectInLocalOfParkedThread_pathStartsAtThatThreadsStack() throws Exception {
        AtomicLong serial = new AtomicLong();
        CountDownLatch holding = new CountDownLatch(1);
        boolean[] release = {false};
        Thread holder = Thread.ofPlatform().name("heap-holder").start(() -> holdInLocal(serial, holding, release));
        try {
            assertTrue(holding.await(20, TimeUnit.SECONDS), "the holder thread did not start");

            HeapAnalyzer.Finding finding = analyzer(false).analyse(serial.get());

            assertEquals(HeapAnalyzer.Reachability.STRONG, finding.reachability(), finding::toString);
            List<String> path = finding.path();
            assertTrue(path.getFirst().startsWith("thread 'heap-holder' (stack) at "), path::toString);
            assertTrue(path.getFirst().contains("HeapAnalyzerTest.holdInLocal("), path::toString);
            assertEquals(List.of("<class>", "<loader>"), path.subList(1, path.size()), path::toString);
        } finally {
            synchronized (release) {
                release[0] = true;
            }
            LockSupport.unpark(holder);
            holder.join();
        }
    }

    /** Runs on the holder thread: keeps a module object in a local variable only, parked until released. */
    private void holdInLocal(AtomicLong serial, CountDownLatch holding, boolean[] release) {
        Object[] held = new Object[1];
        try {
            serial.set(moduleObject("local", pin -> held[0] = pin));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Object pin = held[0];
        held[0] = null;
        holding.countDown();
        while (!released(release)) {
            LockSupport.park();
        }
        Reference.reachabilityFence(pin);
    }

    private static boolean released(boolean[] release) {
        synchronized (release) {
            return release[0];
        }
    }

    @Test
    void analyse_loaderNothingHolds_absent() throws Exception {
        long serial = moduleObject("gone", pin -> { });

        HeapAnalyzer.Finding finding = analyzer(false).analyse(serial);

        assertEquals(HeapAnalyzer.Reachability.ABSENT, finding.reachability(), finding::toString);
    }

    @Test
    void analyse_dumpsNotKept_dumpDeletedAfterAnalysis() throws Exception {
        long serial = moduleObject("deleted", pin -> System.getProperties().put(PIN_PROPERTY, pin));
        try {
            HeapAnalyzer.Finding finding = analyzer(false).analyse(serial);

            assertEquals(java.util.Optional.empty(), finding.keptDump());
            try (var left = Files.list(dir.resolve("heap-dumps"))) {
                assertEquals(List.of(), left.toList(), "the dump was left behind");
            }
        } finally {
            System.getProperties().remove(PIN_PROPERTY);
        }
    }

    @Test
    void analyse_dumpsKept_findingNamesTheKeptDump() throws Exception {
        long serial = moduleObject("kept", pin -> System.getProperties().put(PIN_PROPERTY, pin));
        try {
            HeapAnalyzer.Finding finding = analyzer(true).analyse(serial);

            Path dump = finding.keptDump().orElseThrow();
            assertEquals(dir.resolve("heap-dumps"), dump.getParent());
            assertTrue(Files.size(dump) > 0, dump::toString);
            assertTrue(dump.getFileName().toString().endsWith("-loader-" + serial + ".hprof"), dump::toString);
        } finally {
            System.getProperties().remove(PIN_PROPERTY);
        }
    }

    @Test
    void analyse_unwritableDumpFolder_failsWithIoException() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> new HeapAnalyzer(file, false).analyse(1));
    }
}
