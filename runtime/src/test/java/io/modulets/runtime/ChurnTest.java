package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.probe;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reliability by churn (design §5): many deploy/retire cycles, each with a job in flight across the update,
 * end with one live namespace, the loaded class count back near its baseline, and no store file left or open.
 */
class ChurnTest {

    private static final int WARM_UP = 20;
    private static final int CYCLES = 300;
    /** Classes the JVM may load on its own meanwhile; a leak of this test's loaders would be 2 per cycle. */
    private static final int CLASS_SLACK = 100;

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    Path jar;
    String gatePrefix;

    @BeforeEach
    void setUp() throws Exception {
        jar = fx.watchDir.resolve("probe.jar");
        gatePrefix = "churn-" + UUID.randomUUID() + "-";
    }


    /** Submits a gated job to version {@code v - 1}, deploys version {@code v} under it, then lets the job end. */
    private void cycle(int v) {
        String gate = gatePrefix + v;
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob").withArg("gate", gate));
        ModuleJar.writeAtomically(jar, probe(String.valueOf(v)).toBytes());
        fx.awaitVersion("probe", String.valueOf(v));
        Gates.open(gate);
        assertEquals(job.namespace().id() + "|" + (v - 1), result(job));
    }

    /** Waits until every version below {@code current} has been reported, and checks each was collected. */
    private void awaitAllCollectedBelow(int current) {
        await().atMost(WAIT).pollInterval(POLL).until(() -> fx.runtime.liveNamespaces().size() == 1
                && JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class, e -> e.module().equals("probe")).size()
                + JobTestSupport.eventsOf(fx, RuntimeEvent.LeakSuspected.class, e -> true).size() >= current);
        List<RuntimeEvent.LeakSuspected> leaks = JobTestSupport.eventsOf(fx, RuntimeEvent.LeakSuspected.class, e -> true);
        assertTrue(leaks.isEmpty(), () -> "leak suspects: " + leaks);
        assertEquals(current, JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class, e -> e.module().equals("probe")).size());
    }

    @Test
    void churn_manyDeployRetireCyclesWithJobsInFlight_noNamespaceLoaderClassOrStoreFileLeft() {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        ModuleJar.writeAtomically(jar, probe("0").toBytes());
        fx.start();
        fx.awaitVersion("probe", "0");
        for (int v = 1; v <= WARM_UP; v++) {
            cycle(v);
        }
        awaitAllCollectedBelow(WARM_UP);
        System.gc();
        long baseline = classes.getLoadedClassCount();
        long unloadedBefore = classes.getUnloadedClassCount();

        for (int v = WARM_UP + 1; v <= WARM_UP + CYCLES; v++) {
            cycle(v);
        }

        awaitAllCollectedBelow(WARM_UP + CYCLES);
        NamespaceInfo current = fx.runtime.current();
        assertEquals(String.valueOf(WARM_UP + CYCLES), current.modules().get("probe"));
        assertEquals(List.of(current), fx.runtime.liveNamespaces());
        assertEquals(0, fx.runtime.runningJobs());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return classes.getLoadedClassCount() <= baseline + CLASS_SLACK;
        });
        assertTrue(classes.getUnloadedClassCount() - unloadedBefore >= 2L * CYCLES,
                "only " + (classes.getUnloadedClassCount() - unloadedBefore) + " classes were unloaded in " + CYCLES + " cycles");
        assertEquals(1, JobTestSupport.storeFiles(fx), "store files of retired versions are left");
        assertTrue(JobTestSupport.openFilesUnder(fx.stateDir) <= 1, "store files of retired versions are still open");
    }
}
