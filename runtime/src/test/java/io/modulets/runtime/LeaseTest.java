package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.JobTestSupport.failureOf;
import static io.modulets.runtime.JobTestSupport.isLive;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.api.WorkerFailedException;
import io.modulets.runtime.RuntimeEvent.JobOutcome;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 9: the lease is given back exactly once however a job ends. Each test binds a "holder" job and the job
 * under test to namespace 1, makes namespace 2 current, and ends the job under test: namespace 1 must stay live
 * (a second release would retire it under the holder) and be retired once the holder ends (a missing release
 * would keep it forever).
 */
class LeaseTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    String gate;

    @BeforeEach
    void setUp() throws Exception {
        gate = "lease-" + UUID.randomUUID();
    }


    /**
     * {@code lease.LeaseJob}: waits for the gate named by {@code gate} (if any), then acts by {@code mode}:
     * succeed, throw, block (on a gate nobody opens), or start a failing worker that it joins or not.
     */
    static ModuleJar lease(String version) {
        return ModuleJar.named("lease").version(version)
                .source("lease.LeaseJob", """
                        package lease;
                        import io.modulets.api.*;
                        import io.modulets.testshared.Gates;
                        public class LeaseJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) Gates.await(gate);
                                switch (ctx.arg("mode")) {
                                    case "succeed": return "succeeded";
                                    case "throw": throw new IllegalStateException("job failed on purpose");
                                    case "block": Gates.await("never-" + ctx.jobId()); return "let through";
                                    case "worker-unjoined":
                                        ctx.spawn("thrower", () -> { throw new IllegalStateException("worker failed on purpose"); });
                                        return "body succeeded";
                                    case "worker-joined":
                                        Worker<Object> w = ctx.spawn("thrower", () -> { throw new IllegalStateException("worker failed on purpose"); });
                                        try {
                                            w.join();
                                            return "no failure";
                                        } catch (IllegalStateException e) {
                                            return "caught " + e.getMessage();
                                        }
                                    default: throw new IllegalArgumentException("unknown mode " + ctx.arg("mode"));
                                }
                            }
                        }
                        """);
    }

    private JobSpec spec(String mode) {
        return JobSpec.of("lease", "lease.LeaseJob").withArg("mode", mode);
    }

    /**
     * Runs {@code tested} in namespace 1 beside a holder job, makes namespace 2 current, lets {@code act} end
     * the tested job and checks its outcome with {@code check}; then verifies the lease accounting.
     */
    private void assertLeaseReleasedOnce(JobSpec tested, Consumer<JobHandle<String>> act, JobOutcome expected,
            Consumer<JobHandle<String>> check) {
        fx.drop("lease.jar", lease("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("lease", "1");
        String holderGate = gate + "-holder";
        JobHandle<String> holder = fx.runtime.submit(spec("succeed").withArg("gate", holderGate));
        JobHandle<String> job = fx.runtime.submit(tested);
        fx.drop("lease.jar", lease("2"));
        fx.awaitVersion("lease", "2");

        act.accept(job);
        check.accept(job);

        assertTrue(job.isDone());
        fx.awaitEvent(RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id()));
        assertEquals(1, JobTestSupport.eventsOf(fx, RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id())).size());
        assertEquals(expected, JobTestSupport.eventsOf(fx, RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id()))
                .getFirst().outcome());
        assertEquals(1, fx.runtime.runningJobs(), "only the holder should still run");
        await().during(Duration.ofMillis(100)).atMost(WAIT).pollInterval(POLL).until(() -> isLive(fx, first.id()));

        Gates.open(holderGate);
        assertEquals("succeeded", result(holder));
        awaitRetired(fx, first.id());
        assertEquals(0, fx.runtime.runningJobs());
        assertEquals(1, fx.runtime.liveNamespaces().size());
        assertEquals(job.namespace(), first);
    }

    @Test
    void lease_jobSucceeds_releasedOnce() {
        assertLeaseReleasedOnce(spec("succeed").withArg("gate", gate), job -> Gates.open(gate), JobOutcome.SUCCEEDED,
                job -> assertEquals("succeeded", result(job)));
    }

    @Test
    void lease_jobThrows_releasedOnce() {
        assertLeaseReleasedOnce(spec("throw").withArg("gate", gate), job -> Gates.open(gate), JobOutcome.FAILED, job -> {
            Throwable failure = failureOf(job);
            assertInstanceOf(IllegalStateException.class, failure);
            assertEquals("job failed on purpose", failure.getMessage());
        });
    }

    @Test
    void lease_blockedJobCancelled_releasedOnceAndResultIsCancellation() {
        assertLeaseReleasedOnce(spec("block"), JobHandle::cancel, JobOutcome.CANCELLED, job -> {
            Throwable failure = failureOf(job);
            assertInstanceOf(CancellationException.class, failure);
            assertTrue(failure.getMessage().contains(job.id()), failure.getMessage());
            job.cancel(); // a second cancel after the end changes nothing
        });
    }

    @Test
    void lease_workerThrowsAndIsNeverJoined_releasedOnceAndJobFailsWithWorkerFailed() {
        assertLeaseReleasedOnce(spec("worker-unjoined").withArg("gate", gate), job -> Gates.open(gate), JobOutcome.FAILED,
                job -> {
                    Throwable failure = failureOf(job);
                    assertInstanceOf(WorkerFailedException.class, failure);
                    assertTrue(failure.getMessage().contains("thrower") && failure.getMessage().contains(job.id()),
                            failure.getMessage());
                    assertInstanceOf(IllegalStateException.class, failure.getCause());
                });
    }

    @Test
    void lease_workerThrowsAndIsJoined_releasedOnceAndJobSeesTheFailure() {
        assertLeaseReleasedOnce(spec("worker-joined").withArg("gate", gate), job -> Gates.open(gate), JobOutcome.SUCCEEDED,
                job -> {
                    assertNull(failureOf(job));
                    assertEquals("caught worker failed on purpose", result(job));
                });
    }

    @Test
    void lease_jobTimesOut_releasedOnceAndResultIsTimeout() {
        assertLeaseReleasedOnce(spec("block").withTimeout(Duration.ofMillis(300)), job -> { }, JobOutcome.TIMED_OUT, job -> {
            Throwable failure = failureOf(job);
            assertInstanceOf(TimeoutException.class, failure);
            assertTrue(failure.getMessage().contains(job.id()), failure.getMessage());
        });
    }
}
