package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 9: the order of a job's end (outcome, JobEnded, slot, lease, retirement), and what module code sees of its job. */
class JobEndOrderTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void close_slowJobEndedSubscriber_resultPublishedBeforeCloseReturns() throws Exception {
        fx.drop("stubborn.jar", RuntimeCloseTest.stubborn("1"));
        fx.start(fx.builder().drainTimeout(Duration.ofMillis(200)));
        fx.awaitVersion("stubborn", "1");
        CountDownLatch release = new CountDownLatch(1);
        fx.runtime.events().subscribe().with(event -> {
            if (event instanceof RuntimeEvent.JobEnded) {
                try {
                    release.await(); // a subscriber slower than the drain
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("stubborn", "stubborn.Wait").withArg("gate", "never-" + UUID.randomUUID()));
        try {
            fx.runtime.close(); // drains 200 ms, cancels the job

            assertTrue(job.isDone(), "close() returned while the cancelled job's result was unpublished");
        } finally {
            release.countDown();
        }
    }

    @Test
    void jobEnd_lastJobOfOldNamespace_jobEndedPrecedesRetired() {
        fx.drop("stubborn.jar", RuntimeCloseTest.stubborn("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("stubborn", "1");
        String gate = "order-" + UUID.randomUUID();
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("stubborn", "stubborn.Wait").withArg("gate", gate));
        fx.drop("stubborn.jar", RuntimeCloseTest.stubborn("2"));
        fx.awaitVersion("stubborn", "2");

        Gates.open(gate);
        RuntimeFixture.result(job);
        fx.awaitEvent(RuntimeEvent.Retired.class, e -> e.namespace().id().equals(first.id()));

        List<RuntimeEvent> seen = List.copyOf(fx.events);
        int ended = indexOf(seen, e -> e instanceof RuntimeEvent.JobEnded j && j.jobId().equals(job.id()));
        int retired = indexOf(seen, e -> e instanceof RuntimeEvent.Retired r && r.namespace().id().equals(first.id()));
        assertTrue(ended >= 0 && ended < retired, "JobEnded must come before its namespace's Retired: " + seen);
    }

    @Test
    void run_contextOfJob_isNotItsHandle() {
        fx.drop("self.jar", ModuleJar.named("self").version("1").source("self.Peek", """
                package self;
                public class Peek implements io.modulets.api.Job<Boolean> {
                    public Boolean run(io.modulets.api.JobContext ctx) {
                        return ctx instanceof io.modulets.api.JobHandle<?>;
                    }
                }
                """));
        fx.start();
        fx.awaitVersion("self", "1");

        Boolean contextIsHandle = RuntimeFixture.result(fx.runtime.<Boolean>submit(JobSpec.of("self", "self.Peek")));

        assertFalse(contextIsHandle, "module code could cast its context to the handle and cancel or await itself");
    }

    @Test
    void submit_racingClose_closedOrDrainedNeverNotFound() throws Exception {
        fx.drop("stubborn.jar", RuntimeCloseTest.stubborn("1"));
        fx.start(fx.builder().drainTimeout(Duration.ofMillis(100)));
        fx.awaitVersion("stubborn", "1");
        String gate = "race-" + UUID.randomUUID();
        List<JobHandle<String>> handles = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> submitters = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (;;) {
                    try {
                        handles.add(fx.runtime.submit(JobSpec.of("stubborn", "stubborn.Wait").withArg("gate", gate)));
                    } catch (IllegalStateException closed) {
                        if (!closed.getMessage().contains("closed")) {
                            unexpected.add(closed);
                        }
                        return;
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                        return;
                    }
                }
            }));
        }
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> handles.size() >= 50);

        fx.runtime.close();
        for (Thread submitter : submitters) {
            submitter.join();
        }

        assertEquals(List.of(), unexpected, "a submit racing close() must fail as closed, or be drained");
        // close() cancelled every job it saw (it may return before the last of them has ended, after its drain
        // timeout); a job that slipped past it was never cancelled and waits for its gate, which stays shut
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).untilAsserted(() -> assertEquals(List.of(),
                handles.stream().filter(h -> !h.isDone()).map(JobHandle::id).toList(),
                "jobs that slipped past close(): started after it drained, never cancelled"));
        Gates.open(gate);
    }

    private static int indexOf(List<RuntimeEvent> events, java.util.function.Predicate<RuntimeEvent> matching) {
        for (int i = 0; i < events.size(); i++) {
            if (matching.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
