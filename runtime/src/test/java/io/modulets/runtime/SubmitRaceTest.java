package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.probe;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 8: submit leases atomically, so no job ever binds a namespace that is being retired. */
class SubmitRaceTest {

    private static final int VERSIONS = 30;
    private static final int SUBMITTERS = 4;
    private static final int JOBS_PER_PHASE = 160;
    private static final Integer STOP = -1;

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    /**
     * Four threads submit about 5,000 jobs while the test deploys 30 versions by atomic rename; the submitters
     * are fed {@value #JOBS_PER_PHASE} permits per version, and the next version is written once half of them
     * are taken, so submits and promotions overlap all along. Each job lazily loads a class that reads its version
     * from its own jar: a job bound to a retired namespace would find its loader closed.
     */
    @Test
    void submit_racingRapidDeploys_everyJobBindsLiveNamespaceAndSeesItsVersion() throws Exception {
        List<byte[]> jars = new ArrayList<>();
        for (int v = 0; v <= VERSIONS; v++) {
            jars.add(probe(String.valueOf(v)).toBytes());
        }
        Path jar = fx.watchDir.resolve("probe.jar");
        ModuleJar.writeAtomically(jar, jars.getFirst());
        fx.start();
        fx.awaitVersion("probe", "0");

        BlockingQueue<Integer> permits = new ArrayBlockingQueue<>(JOBS_PER_PHASE * (VERSIONS + 1) + SUBMITTERS);
        ConcurrentLinkedQueue<JobHandle<String>> handles = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> submitFailures = new ConcurrentLinkedQueue<>();
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            submitters.add(Thread.ofPlatform().name("submitter-" + s).start(() -> {
                try {
                    while (!permits.take().equals(STOP)) {
                        handles.add(fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob")));
                    }
                } catch (Throwable t) {
                    submitFailures.add(t);
                }
            }));
        }
        for (int v = 0; v <= VERSIONS; v++) {
            for (int i = 0; i < JOBS_PER_PHASE; i++) {
                permits.add(v);
            }
            if (v < VERSIONS) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> permits.size() <= JOBS_PER_PHASE / 2);
                ModuleJar.writeAtomically(jar, jars.get(v + 1)); // the other half of this phase's submits race it
                fx.awaitVersion("probe", String.valueOf(v + 1));
            }
        }
        for (int s = 0; s < SUBMITTERS; s++) {
            permits.add(STOP);
        }
        for (Thread submitter : submitters) {
            submitter.join(WAIT.toMillis());
        }

        assertTrue(submitFailures.isEmpty(), () -> "submit failed: " + submitFailures);
        assertEquals(JOBS_PER_PHASE * (VERSIONS + 1), handles.size());
        Set<String> versionsBound = new java.util.TreeSet<>();
        for (JobHandle<String> handle : handles) {
            String version = handle.namespace().modules().get("probe");
            assertEquals(handle.namespace().id() + "|" + version, RuntimeFixture.result(handle), handle.toString());
            versionsBound.add(version);
        }
        assertEquals(VERSIONS + 1, versionsBound.size(), "some versions got no job: " + versionsBound);

        await().atMost(WAIT).pollInterval(POLL).until(() -> fx.runtime.liveNamespaces().size() == 1);
        assertEquals(String.valueOf(VERSIONS), fx.runtime.current().modules().get("probe"));
        assertEquals(0, fx.runtime.runningJobs());
        Set<String> retiredVersions = java.util.stream.IntStream.range(0, VERSIONS).mapToObj(String::valueOf)
                .collect(Collectors.toSet());
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class,
                e -> e.module().equals("probe")).stream().map(RuntimeEvent.Collected::version).collect(Collectors.toSet())
                .containsAll(retiredVersions));
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.LeakSuspected.class, e -> true).isEmpty());
    }
}
