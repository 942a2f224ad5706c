package io.modulets.runtime;

import static io.modulets.runtime.JmxClient.moduleName;
import static io.modulets.runtime.JmxClient.nameOf;
import static io.modulets.runtime.JmxClient.runtimeName;
import static io.modulets.runtime.JobTestSupport.probe;
import static io.modulets.runtime.RuntimeFixture.magic;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.jmx.ModuleControlMXBean;
import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MBeans' attributes and operations through a real JMX connector, over the runtime's views of issue 11 (jobs,
 * modules, history, counts, pins): what an operator does from jconsole or the CLI.
 */
class JmxOperationsTest {

    private static final Duration POLL = Duration.ofMillis(10);
    private static final long WAIT_MILLIS = RuntimeFixture.WAIT.toMillis();

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private static JmxClient jmx;

    @BeforeAll
    static void connect() throws Exception {
        jmx = JmxClient.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        jmx.close();
    }

    @Test
    void counts_twoDeploysAndARejection_areShownAsAttributes() throws Exception {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        fx.drop("probe-2.jar", probe("2"));
        fx.awaitEvent(RuntimeEvent.Deployed.class, e -> e.version().equals("2")); // counted before subscribers get it
        Path broken = fx.watchDir.resolve("broken.jar");
        Files.writeString(broken, "not a zip", StandardCharsets.UTF_8);
        fx.awaitEvent(RuntimeEvent.Rejected.class, e -> e.file().equals(broken));
        RuntimeControlMXBean runtime = jmx.runtime(name);

        assertEquals(2, runtime.getDeploys());
        assertEquals(1, runtime.getRejections());
        assertEquals(1L, jmx.attribute(runtimeName(name), "Rejections"));
        RuntimeCounts counts = fx.runtime.counts();
        assertEquals(counts.deploys(), runtime.getDeploys());
        assertEquals(counts.retirements(), runtime.getRetirements());
        assertEquals(counts.collections(), runtime.getCollections());
        assertEquals(counts.leakSuspects(), runtime.getLeakSuspects());
    }

    @Test
    void moduleMBean_twoVersionsOneHeld_tellsCurrentVersionDigestAndLiveVersions() {
        String gate = "jmx-module-" + UUID.randomUUID();
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        NamespaceInfo first = fx.runtime.current();
        JobHandle<String> held = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob").withArg("gate", gate));
        fx.drop("probe-2.jar", probe("2"));
        NamespaceInfo second = fx.awaitVersion("probe", "2");
        ModuleControlMXBean probe = jmx.module(name, "probe");

        assertEquals("2", probe.getCurrentVersion());
        assertEquals(second.digestOf("probe"), probe.getDigest());
        assertFalse(probe.isPinned());
        assertEquals(List.of("1 in " + first.id(), "2 in " + second.id()), probe.getLiveVersions());
        assertEquals(1, probe.getRunningJobs());
        List<String> versions = probe.getVersions();
        assertEquals(2, versions.size(), versions.toString());
        assertTrue(versions.get(0).startsWith("1 " + first.digestOf("probe").substring(0, 12) + " ALIVE"), versions.toString());
        assertTrue(versions.get(1).startsWith("2 " + second.digestOf("probe").substring(0, 12) + " CURRENT"), versions.toString());
        assertEquals("2", jmx.attribute(moduleName(name, "probe"), "CurrentVersion"));
        Rows.ModuleRow row = jmx.runtime(name).getModules().getFirst();
        assertEquals("probe", row.name());
        assertEquals(List.of("1 in " + first.id(), "2 in " + second.id()), List.of(row.live()));
        assertEquals(1, jmx.namespace(name, first.id()).getRunningJobs());

        Gates.open(gate);
        RuntimeFixture.result(held);
    }

    @Test
    void submit_throughJmx_awaitJobReturnsTheResultAsText() {
        fx.drop("magic.jar", magic("1", 42));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));

        String id = runtime.submit("magic", "magic.MagicJob", Map.of());
        Rows.JobRow ended = runtime.awaitJob(id, WAIT_MILLIS);

        assertEquals(id, ended.id());
        assertEquals("magic", ended.module());
        assertEquals("magic.MagicJob", ended.jobClass());
        assertEquals(fx.runtime.current().id(), ended.namespace());
        assertEquals(JobState.SUCCEEDED.name(), ended.state());
        assertEquals("42", ended.result());
        assertEquals("", ended.failure());
        assertFalse(ended.started().isEmpty());
        assertFalse(ended.ended().isEmpty());
        assertEquals("42", runtime.job(id).result(), "a job's row keeps its result's text");
        assertTrue(runtime.getJobs().stream().anyMatch(job -> job.id().equals(id)));
    }

    @Test
    void submit_withArgsThroughJmx_jobSeesThemAndRunsHeldUntilItsGateOpens() {
        String gate = "jmx-args-" + UUID.randomUUID();
        fx.drop("magic.jar", magic("1", 7));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));

        String id = runtime.submit("magic", "magic.MagicJob", Map.of("gate", gate));
        assertEquals(JobState.RUNNING.name(), runtime.awaitJob(id, 0).state());
        assertEquals(1, runtime.getRunningJobs());
        Gates.open(gate);

        assertEquals("7", runtime.awaitJob(id, WAIT_MILLIS).result());
    }

    @Test
    void awaitJob_resultOfAModuleClass_keepsOnlyItsTextAndTheVersionIsCollected() throws Exception {
        Path file = fx.drop("keeper.jar", ModuleJar.named("keeper").version("1")
                .source("keeper.Box", """
                        package keeper;
                        public final class Box {
                            private final int[] weight = new int[1 << 16];
                            @Override public String toString() { return "box of " + weight.length; }
                        }
                        """)
                .source("keeper.BoxJob", """
                        package keeper;
                        import io.modulets.api.*;
                        public class BoxJob implements Job<Box> {
                            public Box run(JobContext ctx) { return new Box(); }
                        }
                        """));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        String id = runtime.submit("keeper", "keeper.BoxJob", Map.of());
        assertEquals("box of 65536", runtime.awaitJob(id, WAIT_MILLIS).result());

        Files.delete(file);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("keeper"));
        assertEquals("box of 65536", runtime.awaitJob(id, 0).result(), "the text is still kept, the object is not");
    }

    @Test
    void cancel_jobHeldOnAGate_endsItCancelled() {
        String gate = "jmx-cancel-" + UUID.randomUUID();
        fx.drop("magic.jar", magic("1", 1));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        String id = runtime.submit("magic", "magic.MagicJob", Map.of("gate", gate));

        assertTrue(runtime.cancel(id));
        Rows.JobRow ended = runtime.awaitJob(id, WAIT_MILLIS);

        assertEquals(JobState.CANCELLED.name(), ended.state());
        assertEquals("", ended.result());
        assertFalse(runtime.cancel(id), "it had ended");
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> runtime.getJobsCancelled() == 1);
    }

    @Test
    void leaks_retiredVersionHeldByItsThread_listedWithItsCauseUntilCollected() {
        String gate = "late-" + UUID.randomUUID();
        fx.drop("late.jar", ReaperTest.late("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        assertEquals("started", RuntimeFixture.result(fx.runtime.submit(JobSpec.of("late", "late.Late").withArg("gate", gate))));
        fx.drop("late.jar", ReaperTest.late("2"));
        RuntimeEvent.LeakSuspected suspect = fx.awaitEvent(RuntimeEvent.LeakSuspected.class, e -> e.module().equals("late"));

        List<Rows.LeakRow> leaks = runtime.getLeaks();
        assertEquals(1, leaks.size(), leaks.toString());
        Rows.LeakRow leak = leaks.getFirst();
        assertEquals("late", leak.module());
        assertEquals("1", leak.version());
        assertEquals(suspect.at().toString(), leak.suspectedAt());
        assertEquals(suspect.cause(), leak.cause());
        assertTrue(leak.cause().contains("late-" + gate), leak.cause());
        assertTrue(leak.secondsSinceRetired() >= suspect.afterRetire().toSeconds(), leak.toString());
        assertEquals(1, runtime.getLeakSuspects());

        Gates.open(gate);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("late") && e.version().equals("1"));
        assertEquals(List.of(), runtime.getLeaks());
        assertEquals(1, runtime.getLeakSuspects(), "a count of what was reported");
    }

    @Test
    void rescan_throughJmx_returnsWithWhatTheFolderHoldsDeployed() {
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        fx.drop("probe.jar", probe("1"));

        runtime.rescan();

        assertEquals("1", fx.runtime.current().modules().get("probe"));
    }

    @Test
    void pinUnpinRollback_throughJmx_moveTheCurrentVersion() {
        fx.drop("probe-1.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        fx.drop("probe-2.jar", probe("2"));
        fx.awaitVersion("probe", "2");
        RuntimeControlMXBean runtime = jmx.runtime(name);
        ModuleControlMXBean probe = jmx.module(name, "probe");

        Rows.HistoryRow rolledBack = runtime.rollback("probe");
        assertEquals("1", rolledBack.version());
        assertTrue(rolledBack.pinned());
        assertEquals("1", fx.runtime.current().modules().get("probe"));
        assertTrue(probe.isPinned());
        assertEquals("1", probe.getCurrentVersion());

        assertTrue(runtime.unpin("probe"));
        assertEquals("2", fx.runtime.current().modules().get("probe"), "the folder decides again");
        assertFalse(probe.unpin(), "no longer pinned");

        Rows.HistoryRow pinned = probe.pin("1");
        assertEquals("1", pinned.version());
        assertEquals("1", fx.runtime.current().modules().get("probe"));
        List<Rows.HistoryRow> history = runtime.history("probe");
        assertEquals(List.of("1", "2"), history.stream().map(Rows.HistoryRow::version).toList());
        assertEquals(List.of(true, false), history.stream().map(Rows.HistoryRow::pinned).toList());

        assertTrue(probe.unpin());
        assertEquals("2", fx.runtime.current().modules().get("probe"));
        Rows.HistoryRow again = probe.rollback();
        assertEquals("1", again.version());
    }

    @Test
    void pin_versionTheHistoryDoesNotHold_clientGetsTheRuntimesMessage() {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        String direct = assertThrows(IllegalArgumentException.class, () -> fx.runtime.pin("probe", "9")).getMessage();

        IllegalArgumentException viaJmx = assertThrows(IllegalArgumentException.class, () -> runtime.pin("probe", "9"));

        assertEquals(direct, viaJmx.getMessage());
        assertTrue(direct.contains("9") && direct.contains("1"), direct);
    }

    @Test
    void history_unknownModule_clientGetsTheRuntimesMessage() {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));
        String direct = assertThrows(IllegalArgumentException.class, () -> fx.runtime.history("nosuch")).getMessage();

        IllegalArgumentException viaJmx = assertThrows(IllegalArgumentException.class, () -> runtime.history("nosuch"));

        assertEquals(direct, viaJmx.getMessage());
        assertTrue(direct.contains("nosuch"), direct);
    }

    @Test
    void job_unknownId_clientGetsAOneLineMessageNamingIt() {
        fx.start();
        RuntimeControlMXBean runtime = jmx.runtime(nameOf(fx.stateDir));

        for (var call : List.<org.junit.jupiter.api.function.Executable>of(() -> runtime.job("job-nosuch"),
                () -> runtime.awaitJob("job-nosuch", 10), () -> runtime.cancel("job-nosuch"))) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, call);
            assertTrue(failure.getMessage().contains("job-nosuch"), failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        }
    }
}
