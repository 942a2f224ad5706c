package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.magic;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator sees of a running runtime: jobs (running and recently ended, with their failure), a job's handle by
 * id, each namespace's job count, each module's current and live versions, the counts; and failures made visible.
 */
class OperationsViewsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @RegisterExtension
    final LogLines log = new LogLines("io.modulets");

    private static ModuleJar failing() {
        return ModuleJar.named("fails").version("1").source("fails.Boom", """
                package fails;
                import io.modulets.api.*;
                public class Boom implements Job<String> {
                    public String run(JobContext ctx) {
                        throw new IllegalStateException("no such order: " + ctx.args().get("order") + "\\nsecond line");
                    }
                }
                """);
    }

    @Test
    void jobs_runningAndEnded_showModuleClassNamespaceStartedAndState() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        String gate = "ops-" + UUID.randomUUID();
        Instant before = Instant.now().minusMillis(1);
        JobHandle<Integer> held = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));
        JobHandle<Integer> quick = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob"));
        result(quick);

        JobInfo running = fx.runtime.jobInfo(held.id()).orElseThrow();
        assertEquals(held.id(), running.id());
        assertEquals("magic", running.module());
        assertEquals("magic.MagicJob", running.jobClass());
        assertEquals(fx.runtime.current(), running.namespace());
        assertEquals(JobState.RUNNING, running.state());
        assertTrue(!running.started().isBefore(before), running.started() + " before " + before);
        assertNull(running.ended());
        await().atMost(WAIT).until(() -> fx.runtime.jobInfo(quick.id()).orElseThrow().state() == JobState.SUCCEEDED);
        assertEquals(List.of(held.id(), quick.id()), fx.runtime.jobs().stream().map(JobInfo::id).toList(),
                "running first, then ended");
        assertTrue(fx.runtime.job(held.id()).isPresent());
        assertTrue(fx.runtime.job(quick.id()).isEmpty(), "an ended job has no handle any more");

        fx.runtime.job(held.id()).orElseThrow().cancel();
        await().atMost(WAIT).until(() -> fx.runtime.jobInfo(held.id()).orElseThrow().state() == JobState.CANCELLED);
        JobInfo cancelled = fx.runtime.jobInfo(held.id()).orElseThrow();
        assertTrue(cancelled.ended() != null && !cancelled.ended().isBefore(cancelled.started()));
        assertNull(cancelled.failure());
        assertTrue(fx.runtime.jobInfo("job-999999").isEmpty());
        Gates.open(gate);
    }

    @Test
    void failedJob_oneWarnLineWithTheCausesFirstLine_andJobEndedCarriesIt() {
        fx.drop("fails.jar", failing());
        fx.start();

        JobHandle<String> job = fx.runtime.submit(JobSpec.of("fails", "fails.Boom").withArg("order", "42"));

        RuntimeEvent.JobEnded ended = fx.awaitEvent(RuntimeEvent.JobEnded.class, e -> e.jobId().equals(job.id()));
        assertEquals(RuntimeEvent.JobOutcome.FAILED, ended.outcome());
        assertEquals("java.lang.IllegalStateException: no such order: 42", ended.failure());
        LogLines.Line warn = log.awaitLine(Level.WARNING, job.id());
        assertTrue(warn.message().endsWith("failed: java.lang.IllegalStateException: no such order: 42"), warn.message());
        assertFalse(warn.message().contains("second line"), warn.message());
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertEquals("java.lang.IllegalStateException: no such order: 42", fx.runtime.jobInfo(job.id()).orElseThrow().failure());
        assertEquals(JobState.FAILED, fx.runtime.jobInfo(job.id()).orElseThrow().state());
        assertEquals(1, fx.runtime.counts().jobsFailed());
    }

    @Test
    void failedJob_whoseExceptionCannotDescribeItself_stillEnds_andItsLineNamesTheClass() {
        fx.drop("rude.jar", ModuleJar.named("rude").version("1").source("rude.Rude", """
                package rude;
                import io.modulets.api.*;
                public class Rude implements Job<String> {
                    static class Unprintable extends RuntimeException {
                        @Override public String getMessage() { throw new IllegalStateException("no message for you"); }
                    }
                    public String run(JobContext ctx) { throw new Unprintable(); }
                }
                """));
        fx.start();

        JobHandle<String> job = fx.runtime.submit(JobSpec.of("rude", "rude.Rude"));

        await().atMost(WAIT).until(() -> fx.runtime.jobInfo(job.id()).map(JobInfo::state).orElse(null) == JobState.FAILED);
        assertEquals("rude.Rude$Unprintable (its description failed: java.lang.IllegalStateException)",
                fx.runtime.jobInfo(job.id()).orElseThrow().failure());
        assertEquals(0, fx.runtime.runningJobs(), "the job gave its lease back");
        assertTrue(JobTestSupport.failureOf(job).getClass().getName().endsWith("Unprintable"));
    }

    @Test
    void timedOutJob_warnLineSaysSo_andCountsAsFailed() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        String gate = "timeout-" + UUID.randomUUID();

        JobHandle<Integer> job = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate)
                .withTimeout(Duration.ofMillis(50)));

        LogLines.Line warn = log.awaitLine(Level.WARNING, job.id());
        assertTrue(warn.message().contains("timed out: java.util.concurrent.TimeoutException: job " + job.id()
                + " timed out after PT0.05S"), warn.message());
        await().atMost(WAIT).until(() -> fx.runtime.jobInfo(job.id()).orElseThrow().state() == JobState.TIMED_OUT);
        assertEquals(1, fx.runtime.counts().jobsFailed());
        Gates.open(gate);
    }

    @Test
    void namespacesAndModules_oldVersionAliveWhileAJobHoldsIt_countsPerNamespace() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        NamespaceInfo first = fx.runtime.current();
        String gate = "hold-" + UUID.randomUUID();
        JobHandle<Integer> held = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));
        fx.drop("magic-2.jar", magic("2", 2));
        NamespaceInfo second = fx.awaitVersion("magic", "2");

        assertEquals(List.of(new NamespaceStatus(first, false, 1), new NamespaceStatus(second, true, 0)),
                fx.runtime.namespaces());
        ModuleStatus magic = fx.runtime.modules().getFirst();
        assertEquals("magic", magic.name());
        assertEquals("2", magic.version());
        assertEquals(second.digests().get("magic"), magic.digest());
        assertFalse(magic.pinned());
        assertEquals(List.of(new ModuleStatus.LiveVersion("1", first.digests().get("magic"), List.of(first.id())),
                new ModuleStatus.LiveVersion("2", second.digests().get("magic"), List.of(second.id()))), magic.live());

        Gates.open(gate);
        assertEquals(1, result(held));
        JobTestSupport.awaitRetired(fx, first.id());
        assertEquals(List.of(new NamespaceStatus(second, true, 0)), fx.runtime.namespaces());
        assertEquals(1, fx.runtime.modules().getFirst().live().size());
    }

    @Test
    void counts_deploysRejectionsRetirementsAndCollections() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        byte[] jar = ModuleJar.named("x").version("1").source("x.X", "package x; public class X {}").toBytes();
        try {
            java.nio.file.Files.write(fx.watchDir.resolve("broken.jar"), java.util.Arrays.copyOf(jar, jar.length / 2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        fx.awaitEvent(RuntimeEvent.Rejected.class, r -> r.file().getFileName().toString().equals("broken.jar"));
        fx.awaitEvent(RuntimeEvent.Collected.class, c -> c.version().equals("1"));
        result(fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob")));

        RuntimeCounts counts = fx.runtime.counts();
        assertEquals(2, counts.deploys());
        assertEquals(1, counts.rejections());
        assertEquals(1, counts.retirements());
        assertEquals(1, counts.collections());
        assertEquals(0, counts.leakSuspects());
        await().atMost(WAIT).until(() -> fx.runtime.counts().jobsSucceeded() == 1);
        assertEquals(List.of(), fx.runtime.leaks());
    }

    @Test
    void rescan_takesANewFileBeforeReturning() {
        fx.start(fx.builder().rescanInterval(Duration.ofHours(1)));
        ModuleJar jar = magic("7", 7);
        java.nio.file.Path outside = jar.writeTo(fx.root.resolve("magic-7.jar"));
        try {
            java.nio.file.Files.move(outside, fx.watchDir.resolve("magic-7.jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        fx.runtime.rescan();

        assertEquals("7", fx.runtime.current().modules().get("magic"));
    }

    @Test
    void operations_beforeStart_failSayingSo() {
        ModuletRuntime runtime = fx.builder().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runtime.pin("magic", "1"));
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
        runtime.close();
    }
}
