package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.JobTestSupport.isLive;
import static io.modulets.runtime.JobTestSupport.probe;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import io.modulets.testshared.Gates;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 10: a namespace is retired when its last job ends, its loader closed, and its collection verified. */
class ReaperTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    @Test
    void retire_lastJobOfOldNamespaceEnds_retiredClosedAndCollected() {
        String gate = "reaper-" + UUID.randomUUID();
        fx.drop("probe.jar", probe("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("probe", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob").withArg("gate", gate));

        fx.drop("probe.jar", probe("2"));
        fx.awaitVersion("probe", "2");
        assertTrue(isLive(fx, first.id()), "a namespace with a running job was retired");
        JobTestSupport.awaitControlThreadCaughtUp(fx);
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.Retired.class, e -> e.namespace().id().equals(first.id())).isEmpty());
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.LoaderRetired.class, e -> e.version().equals("1")).isEmpty());

        Gates.open(gate);
        assertEquals(first.id() + "|1", result(job));

        fx.awaitEvent(RuntimeEvent.Retired.class, e -> e.namespace().id().equals(first.id()));
        assertFalse(isLive(fx, first.id()));
        assertEquals(1, fx.runtime.liveNamespaces().size());
        fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("probe") && e.version().equals("1"));
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("probe") && e.version().equals("1"));
        JobTestSupport.awaitControlThreadCaughtUp(fx);
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.LoaderRetired.class, e -> e.module().equals("probe") && e.version().equals("2")).isEmpty(),
                "the current namespace's loader was retired");
    }

    /** {@code keep.Keep} returns an instance of its own module's class {@code keep.Token}. */
    static ModuleJar keep(String version) {
        return ModuleJar.named("keep").version(version)
                .source("keep.Token", "package keep; public final class Token { }")
                .source("keep.Keep", "package keep; public class Keep implements io.modulets.api.Job<Object> {"
                        + " public Object run(io.modulets.api.JobContext ctx) { return new Token(); } }");
    }

    @Test
    void verify_callerKeepsObjectOfRetiredVersion_leakSuspectedWithCauseThenCollectedReportedWhenDropped() {
        fx.drop("keep.jar", keep("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
        NamespaceInfo first = fx.awaitVersion("keep", "1");
        Object token = result(fx.runtime.submit(JobSpec.of("keep", "keep.Keep")));
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(token.getClass().getClassLoader());

        fx.drop("keep.jar", keep("2"));
        fx.awaitVersion("keep", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("keep") && e.version().equals("1"));
        assertFalse(leak.cause().isBlank(), "a leak suspect must say what it could find of the cause");
        assertTrue(leak.afterRetire().compareTo(Duration.ofSeconds(1)) >= 0, "reported before the deadline: " + leak);
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class, e -> e.module().equals("keep")).isEmpty());
        assertEquals("keep.Token", token.getClass().getName()); // the token is still held here

        token = null;
        RuntimeFixture.awaitCollected(oldLoader);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("keep") && e.version().equals("1")); // still watched after the suspicion
    }

    /** {@code fail.Fail} throws an exception of its own module's class. */
    static ModuleJar fail(String version) {
        return ModuleJar.named("fail").version(version)
                .source("fail.Failure", "package fail; public class Failure extends RuntimeException {"
                        + " public Failure() { super(\"failed on purpose\"); } }")
                .source("fail.Fail", "package fail; public class Fail implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) { throw new Failure(); } }");
    }

    @Test
    void verify_failedJobWithPendingTimeout_loaderCollected() {
        fx.drop("fail.jar", fail("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(3)));
        NamespaceInfo first = fx.awaitVersion("fail", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("fail", "fail.Fail").withTimeout(Duration.ofHours(1)));
        assertEquals("fail.Failure", JobTestSupport.failureOf(job).getClass().getName());
        job = null; // the caller lets go of the job and its failure

        fx.drop("fail.jar", fail("2"));
        fx.awaitVersion("fail", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent verdict = fx.awaitEvent(RuntimeEvent.class, e -> e instanceof RuntimeEvent.Collected c && c.module().equals("fail")
                || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("fail"));
        assertInstanceOf(RuntimeEvent.Collected.class, verdict, "the loader of a job that ended stayed reachable: " + verdict);
    }

    /** {@code rogue.Rogue} starts a platform thread of its own, which outlives the job, then returns. */
    static ModuleJar rogue(String version) {
        return ModuleJar.named("rogue").version(version)
                .source("rogue.Rogue", """
                        package rogue;
                        import io.modulets.api.*;
                        public class Rogue implements Job<String> {
                            public String run(JobContext ctx) {
                                String gate = ctx.arg("gate");
                                Thread.ofPlatform().daemon().name("rogue-" + gate).start(() -> {
                                    try {
                                        io.modulets.testshared.Gates.await(gate);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                });
                                return "started";
                            }
                        }
                        """);
    }

    @Test
    void verify_moduleStartedThreadOutlivesItsJob_leakSuspectNamesTheThread() {
        String gate = "rogue-" + UUID.randomUUID();
        fx.drop("rogue.jar", rogue("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)).stopLeftoverThreads(false)); // else it is interrupted
        NamespaceInfo first = fx.awaitVersion("rogue", "1");
        assertEquals("started", result(fx.runtime.submit(JobSpec.of("rogue", "rogue.Rogue").withArg("gate", gate))));

        fx.drop("rogue.jar", rogue("2"));
        fx.awaitVersion("rogue", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class, e -> e.module().equals("rogue"));
        Gates.open(gate);
        assertEquals("1", leak.version());
        assertTrue(leak.cause().contains("rogue-" + gate), "the cause does not name the thread: " + leak.cause());
    }

    /**
     * {@code late.Late} starts a platform thread that ignores interrupts and ends only when the test opens its
     * gate: after the leak deadline, as a worker finishing its last batch would.
     */
    static ModuleJar late(String version) {
        return ModuleJar.named("late").version(version)
                .source("late.Late", """
                        package late;
                        import io.modulets.api.*;
                        public class Late implements Job<String> {
                            public String run(JobContext ctx) {
                                String gate = ctx.arg("gate");
                                Thread.ofPlatform().daemon().name("late-" + gate).start(() -> {
                                    while (true) {
                                        try {
                                            io.modulets.testshared.Gates.await(gate);
                                            return;
                                        } catch (InterruptedException e) {
                                            // ignored on purpose: this thread ends when its work is done
                                        }
                                    }
                                });
                                return "started";
                            }
                        }
                        """);
    }

    @Test
    void verify_threadEndsByItselfAfterTheDeadline_collectedReportedSayingItWasSuspected() {
        String gate = "late-" + UUID.randomUUID();
        fx.drop("late.jar", late("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
        NamespaceInfo first = fx.awaitVersion("late", "1");
        assertEquals("started", result(fx.runtime.submit(JobSpec.of("late", "late.Late").withArg("gate", gate))));

        fx.drop("late.jar", late("2"));
        fx.awaitVersion("late", "2");
        awaitRetired(fx, first.id());
        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class, e -> e.module().equals("late"));
        assertTrue(leak.cause().contains("late-" + gate), "the cause does not name the thread: " + leak.cause());
        assertEquals(List.of(leak), fx.runtime.leaks(), "leaks() shows the outstanding suspect");
        assertEquals(1, fx.runtime.counts().leakSuspects());

        Gates.open(gate); // the thread ends; the test asks for no GC: the reaper must, on its own
        RuntimeEvent.Collected collected = fx.awaitEvent(RuntimeEvent.Collected.class,
                e -> e.module().equals("late") && e.version().equals("1"));
        assertTrue(collected.suspectedBefore(), "the collection does not say the loader had been suspected: " + collected);
        assertTrue(collected.afterRetire().compareTo(leak.afterRetire()) > 0, collected + " after " + leak);
        assertEquals(List.of(), fx.runtime.leaks(), "a collected suspect is no longer outstanding");
    }

    @Test
    void retire_loaderSharedWithCurrentNamespace_staysOpenAndKeepsLoadingClasses() {
        fx.drop("a.jar", ModuleJar.named("a").version("1")
                .source("a.Lazy", "package a; class Lazy { static String hello() { return \"lazy a\"; } }")
                .source("a.Hello", "package a; public class Hello implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) { return ctx.args().isEmpty() ? \"eager\" : Lazy.hello(); } }"));
        fx.drop("probe.jar", probe("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("probe", "1");
        assertEquals("eager", result(fx.runtime.submit(JobSpec.of("a", "a.Hello"))));

        fx.drop("probe.jar", probe("2"));
        fx.awaitVersion("probe", "2");
        fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("probe") && e.version().equals("1"));

        assertFalse(isLive(fx, first.id()));
        JobTestSupport.awaitControlThreadCaughtUp(fx);
        assertTrue(JobTestSupport.eventsOf(fx, RuntimeEvent.LoaderRetired.class, e -> e.module().equals("a")).isEmpty(),
                "the loader of a, shared with the current namespace, was closed");
        assertEquals("lazy a", result(fx.runtime.submit(JobSpec.of("a", "a.Hello").withArg("lazy", "yes"))));
    }

    @Test
    void verify_callerKeepsHandleOfCancelledJob_oldLoaderStillCollected() {
        String key = "cancelled-" + UUID.randomUUID() + "/";
        fx.drop("scope.jar", JobScopeTest.scope("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(3)));
        NamespaceInfo first = fx.awaitVersion("scope", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("scope", "scope.Blocked").withArg("key", key));
        await().atMost(RuntimeFixture.WAIT).pollInterval(JobTestSupport.POLL).until(() -> Board.get(key + "a-started") != null
                && Board.get(key + "b-started") != null && Board.get(key + "body-started") != null);
        job.cancel();
        assertInstanceOf(CancellationException.class, JobTestSupport.failureOf(job));

        fx.drop("scope.jar", JobScopeTest.scope("2"));
        fx.awaitVersion("scope", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent verdict = fx.awaitEvent(RuntimeEvent.class, e -> e instanceof RuntimeEvent.Collected c && c.module().equals("scope")
                || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("scope"));
        assertInstanceOf(RuntimeEvent.Collected.class, verdict, "the handle of a cancelled job pins its old loader: " + verdict);
        assertTrue(job.isDone()); // the handle was held all along
        Board.clear(key);
    }
}
