package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.failureOf;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobContext;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.WorkerFailedException;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 9: a job is a structured scope over its body and workers. */
class JobScopeTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    String key;

    @BeforeEach
    void setUp() throws Exception {
        key = "scope-" + UUID.randomUUID() + "/";
        fx.drop("scope.jar", scope());
        fx.start();
        fx.awaitVersion("scope", "1");
    }

    @AfterEach
    void tearDown() {
        Board.clear(key);
    }

    /**
     * {@code scope.Detach}: starts a worker that waits on the gate, posts its own thread and returns without
     * joining. {@code scope.Blocked}: starts two workers that wait on a gate nobody opens, then joins them;
     * every thread posts whether it was interrupted. {@code scope.Leak} posts its context and returns.
     */
    static ModuleJar scope() {
        return scope("1");
    }

    static ModuleJar scope(String version) {
        return ModuleJar.named("scope").version(version)
                .source("scope.Detach", """
                        package scope;
                        import io.modulets.api.*;
                        import io.modulets.testshared.*;
                        public class Detach implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String key = ctx.arg("key");
                                ctx.spawn("detached", () -> { Gates.await(key + "gate"); return "worker done"; });
                                Board.put(key + "body", Thread.currentThread());
                                return "body done";
                            }
                        }
                        """)
                .source("scope.Blocked", """
                        package scope;
                        import io.modulets.api.*;
                        import io.modulets.testshared.*;
                        public class Blocked implements Job<String> {
                            static String block(String key, String who) throws InterruptedException {
                                try {
                                    Board.put(key + who + "-started", true);
                                    Gates.await(key + "never");
                                    return who + " was let through";
                                } catch (InterruptedException e) {
                                    Board.put(key + who + "-interrupted", true);
                                    throw e;
                                }
                            }
                            public String run(JobContext ctx) throws Exception {
                                String key = ctx.arg("key");
                                Worker<String> a = ctx.spawn("a", () -> block(key, "a"));
                                Worker<String> b = ctx.spawn("b", () -> block(key, "b"));
                                return block(key, "body") + a.join() + b.join();
                            }
                        }
                        """)
                .source("scope.Impatient", """
                        package scope;
                        import io.modulets.api.*;
                        import io.modulets.testshared.*;
                        public class Impatient implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String key = ctx.arg("key");
                                Worker<String> w = ctx.spawn("late-failer", () -> {
                                    Gates.await(key + "fail");
                                    throw new IllegalStateException("worker failed after its join timed out");
                                });
                                try {
                                    return w.join(java.time.Duration.ofMillis(20));
                                } catch (java.util.concurrent.TimeoutException e) {
                                    Gates.open(key + "fail");
                                    return "gave up waiting";
                                }
                            }
                        }
                        """)
                .source("scope.Leak", """
                        package scope;
                        import io.modulets.api.*;
                        import io.modulets.testshared.*;
                        public class Leak implements Job<String> {
                            public String run(JobContext ctx) {
                                Board.put(ctx.arg("key") + "ctx", ctx);
                                return "leaked";
                            }
                        }
                        """);
    }

    @Test
    void result_runReturnedWhileWorkerRuns_publishedOnlyAfterWorkerEnds() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("scope", "scope.Detach").withArg("key", key));

        await().atMost(WAIT).pollInterval(POLL).until(() -> Board.get(key + "body") instanceof Thread body
                && body.getState() == Thread.State.TERMINATED); // run() has returned
        await().during(Duration.ofMillis(300)).atMost(WAIT).pollInterval(POLL)
                .until(() -> !job.isDone() && fx.runtime.runningJobs() == 1);
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id())).isEmpty(),
                "the job ended while its worker was still running");

        Gates.open(key + "gate");
        assertEquals("body done", result(job));
        assertEquals(0, fx.runtime.runningJobs());
    }

    @Test
    void cancel_jobWithBlockedWorkers_interruptsBodyAndEveryWorker() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("scope", "scope.Blocked").withArg("key", key));
        await().atMost(WAIT).pollInterval(POLL).until(() -> Board.get(key + "a-started") != null
                && Board.get(key + "b-started") != null && Board.get(key + "body-started") != null);

        job.cancel();

        assertInstanceOf(CancellationException.class, failureOf(job));
        assertEquals(true, Board.get(key + "body-interrupted"), "the body was not interrupted");
        assertEquals(true, Board.get(key + "a-interrupted"), "worker a was not interrupted");
        assertEquals(true, Board.get(key + "b-interrupted"), "worker b was not interrupted");
        assertEquals(0, fx.runtime.runningJobs());
        fx.awaitEvent(RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id())); // events come on their own thread
        assertEquals(1, JobTestSupport.eventsOf(fx, RuntimeEvent.JobEnded.class,
                e -> e.jobId().equals(job.id()) && e.outcome() == RuntimeEvent.JobOutcome.CANCELLED).size());
    }

    @Test
    void join_timedOutBeforeWorkerFailed_workerFailureStillFailsTheJob() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("scope", "scope.Impatient").withArg("key", key));

        Throwable failure = failureOf(job);

        assertInstanceOf(WorkerFailedException.class, failure, "a worker failure nobody saw was lost");
        assertEquals("worker failed after its join timed out", failure.getCause().getMessage());
    }

    @Test
    void spawn_afterJobEnded_throwsIllegalStateNamingTheJob() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("scope", "scope.Leak").withArg("key", key));
        assertEquals("leaked", result(job));
        JobContext ctx = (JobContext) Board.get(key + "ctx");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.spawn("late", () -> "never"));

        assertTrue(e.getMessage().contains(job.id()) && e.getMessage().contains("late"), e.getMessage());
        assertEquals(0, fx.runtime.runningJobs());
    }
}
