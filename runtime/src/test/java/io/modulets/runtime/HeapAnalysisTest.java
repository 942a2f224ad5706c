package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10, opt-in heap analysis through the runtime: a retired version pinned where no remedy looks (a host-side
 * static map) is suspected with the strong path from that static to its loader; dumps are deleted or kept as set;
 * at most one analysis per interval.
 */
class HeapAnalysisTest {

    private static final String KEY = "heap-analysis-pin-";

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @AfterEach
    void unpin() {
        Board.clear(KEY);
    }

    /** {@code pin.PinJob} writes an object of its own module's class on the host's {@link Board}, if asked to. */
    static ModuleJar pin(String version) {
        return ModuleJar.named("pin").version(version)
                .source("pin.Held", "package pin; public final class Held { }")
                .source("pin.PinJob", "package pin; public class PinJob implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) {"
                        + " io.modulets.testshared.Board.put(\"" + KEY + "\" + ctx.args().get(\"key\"), new Held());"
                        + " return \"pinned\"; } }");
    }

    private Path dumpDir() {
        return fx.stateDir.resolve("heap-dumps");
    }

    private List<Path> dumps() throws Exception {
        if (!Files.isDirectory(dumpDir())) {
            return List.of();
        }
        try (var files = Files.list(dumpDir())) {
            return files.toList();
        }
    }

    /** Drops {@code version} of pin, has its job pin it under {@code key}, then waits until it is current. */
    private NamespaceInfo deployPinned(String version) {
        fx.drop("pin.jar", pin(version));
        NamespaceInfo ns = fx.awaitVersion("pin", version);
        assertEquals("pinned", result(fx.runtime.submit(JobSpec.of("pin", "pin.PinJob").withArg("key", version))));
        return ns;
    }

    @Test
    void leakSuspected_heapAnalysisOn_heapPathFromHostStaticToLoaderAndDumpDeleted() throws Exception {
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(2)).heapAnalysis(true));
        NamespaceInfo first = deployPinned("1");

        fx.drop("pin.jar", pin("2"));
        fx.awaitVersion("pin", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("pin") && e.version().equals("1"));
        List<String> path = leak.heapPath();
        assertEquals("io.modulets.testshared.Board.NOTES (static)", path.getFirst(), path::toString);
        assertTrue(path.contains("java.util.concurrent.ConcurrentHashMap$Node.val"), path::toString);
        assertEquals(List.of("<class>", "<loader>"), path.subList(path.size() - 2, path.size()), path::toString);
        assertEquals(List.of(), dumps(), "the heap dump was not deleted");
        assertTrue(leak.cause().startsWith("held along a strong path from a GC root, starting at"
                + " io.modulets.testshared.Board.NOTES (static), a class outside every module"), leak::toString);

        Board.clear(KEY);
        RuntimeEvent.Collected collected = fx.awaitEvent(RuntimeEvent.Collected.class,
                e -> e.module().equals("pin") && e.version().equals("1"));
        assertTrue(collected.suspectedBefore(), collected::toString);
    }

    @Test
    void leakSuspected_dumpsKeptAndSecondWithinInterval_firstNamesKeptDumpSecondSaysSkipped() throws Exception {
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(2)).heapAnalysis(true).keepHeapDumps(true)
                .heapAnalysisInterval(Duration.ofMinutes(10)));
        NamespaceInfo first = deployPinned("1");
        NamespaceInfo second = deployPinned("2");
        awaitRetired(fx, first.id());
        RuntimeEvent.LeakSuspected leak1 = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("pin") && e.version().equals("1"));

        fx.drop("pin.jar", pin("3"));
        fx.awaitVersion("pin", "3");
        awaitRetired(fx, second.id());
        RuntimeEvent.LeakSuspected leak2 = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("pin") && e.version().equals("2"));

        List<Path> kept = dumps();
        assertEquals(1, kept.size(), kept::toString);
        assertTrue(leak1.cause().contains("heap dump kept at " + kept.getFirst()), leak1::toString);
        assertEquals("<loader>", leak1.heapPath().getLast(), leak1::toString);
        assertTrue(leak2.cause().contains("heap analysis skipped"), leak2::toString);
        assertEquals(List.of(), leak2.heapPath(), leak2::toString);
    }
}
