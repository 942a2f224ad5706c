package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10, threads: what a retired version's code left running is stopped at retirement (a thread of its own
 * interrupted, the pool or timer behind a thread shut down or cancelled), every thread that has its loader as
 * context class loader gets the platform layer's instead, and what cannot be stopped is named in the leak suspect
 * with its frames. The JVM runs with the {@code --add-opens} the remedies use ({@code LeftoverThreadsNoOpensTest}
 * runs one without).
 */
class LeftoverThreadsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");

    /** Module {@code left} whose job {@code left.Leave} runs {@code body} (statements ending in a return of a String). */
    static ModuleJar left(String version, String body) {
        return ModuleJar.named("left").version(version)
                .source("left.Leave", """
                        package left;
                        import io.modulets.api.*;
                        import java.util.concurrent.*;
                        public class Leave implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                        """ + body + """
                            }
                            static void sleepUntilInterrupted() {
                                try {
                                    while (true) Thread.sleep(10_000);
                                } catch (InterruptedException e) {
                                    // asked to stop: end
                                }
                            }
                        }
                        """);
    }

    /**
     * Runs {@code left.Leave} of version 1 with {@code body}, replaces it by version 2 and returns the verdict on
     * version 1's loader ({@code Collected} or {@code LeakSuspected}); its {@code LoaderRetired} is in {@link #retired}.
     */
    private RuntimeEvent leaveThenRetire(ModuletRuntime.Builder builder, String body) {
        fx.drop("left.jar", left("1", body));
        fx.start(builder);
        NamespaceInfo first = fx.awaitVersion("left", "1");
        assertEquals("left", result(fx.runtime.<String>submit(JobSpec.of("left", "left.Leave"))));
        fx.drop("left.jar", left("2", "return \"left\";"));
        fx.awaitVersion("left", "2");
        awaitRetired(fx, first.id());
        return fx.awaitEvent(RuntimeEvent.class, e -> e instanceof RuntimeEvent.Collected c && c.module().equals("left")
                || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("left"));
    }

    private RuntimeEvent leaveThenRetire(String body) {
        return leaveThenRetire(fx.builder().leakDeadline(Duration.ofSeconds(5)), body);
    }

    private List<String> undone() {
        return fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("left") && e.version().equals("1")).undone();
    }

    @Test
    void platformThread_sleepingUntilInterrupted_interruptedAndCollected() {
        RuntimeEvent verdict = leaveThenRetire("""
                Thread.ofPlatform().daemon().name("poller").start(Leave::sleepUntilInterrupted);
                return "left";
                """);

        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        assertTrue(undone().contains("interrupted thread 'poller' (platform)"), undone()::toString);
        logs.awaitLine(Level.INFO, "undone for retired left 1: interrupted thread 'poller' (platform)");
    }

    @Test
    void virtualThreads_startedAndOfTheModulesOwnExecutor_interruptedAndCollected() {
        RuntimeEvent verdict = leaveThenRetire("""
                Thread.ofVirtual().name("v-poller").start(Leave::sleepUntilInterrupted);
                ExecutorService own = Executors.newVirtualThreadPerTaskExecutor();
                own.submit(Leave::sleepUntilInterrupted);
                return "left";
                """);

        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        assertTrue(undone().contains("interrupted thread 'v-poller' (virtual)"), undone()::toString);
        assertTrue(undone().contains("interrupted thread '' (virtual)"), "the executor's unnamed thread, in a child container: " + undone());
    }

    @Test
    void threadIgnoringInterrupts_leakSuspectedNamingTheThreadItsStateAndFrames() {
        String gate = "stubborn-" + UUID.randomUUID();
        RuntimeEvent verdict = leaveThenRetire(fx.builder().leakDeadline(Duration.ofSeconds(2)), """
                Thread.ofPlatform().daemon().name("stubborn").start(() -> {
                    while (true) {
                        try {
                            io.modulets.testshared.Gates.await("%s");
                            return;
                        } catch (InterruptedException e) {
                            // ignored on purpose
                        }
                    }
                });
                return "left";
                """.formatted(gate));
        Gates.open(gate);

        RuntimeEvent.LeakSuspected leak = assertInstanceOf(RuntimeEvent.LeakSuspected.class, verdict);
        assertTrue(leak.cause().startsWith("thread 'stubborn' (platform, TIMED_WAITING) at left.Leave.lambda$run$0(Leave.java:"),
                leak.cause());
        assertTrue(leak.cause().contains("interrupted at retirement and still running: it ignores interrupts"), leak.cause());
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("left") && e.suspectedBefore());
    }

    @Test
    void scheduledExecutor_periodicTask_shutDownAndCollected() {
        RuntimeEvent verdict = leaveThenRetire("""
                ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
                ticker.scheduleAtFixedRate(() -> { }, 0, 20, TimeUnit.MILLISECONDS);
                return "left";
                """);

        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        assertTrue(undone().stream().anyMatch(u -> u.matches("shut down the ScheduledThreadPoolExecutor behind thread 'pool-\\d+-thread-1'")),
                undone()::toString);
    }

    @Test
    void timer_periodicTask_cancelledAndCollected() {
        RuntimeEvent verdict = leaveThenRetire("""
                new java.util.Timer("cleaner", true).schedule(new java.util.TimerTask() {
                    public void run() { }
                }, 0, 20);
                return "left";
                """);

        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        assertTrue(undone().contains("cancelled java.util.Timer 'cleaner'"), undone()::toString);
    }

    @Test
    void idlePool_itsWorkersContextLoaderReset_collectedWithTheWorkersLeftRunning() {
        RuntimeEvent verdict = leaveThenRetire("""
                ExecutorService pool = Executors.newFixedThreadPool(2);
                pool.submit(() -> { }).get();
                return "left";
                """);

        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        assertTrue(undone().stream().anyMatch(u -> u.matches("reset the context class loader of thread 'pool-\\d+-thread-1' \\(platform\\),"
                + " a worker of a ThreadPoolExecutor")), undone()::toString);
    }

    @Test
    void hostThreadThatInheritedTheContextLoader_reset_notStopped_collected() {
        String name = "host-worker-" + UUID.randomUUID();
        RuntimeEvent verdict = leaveThenRetire("""
                io.modulets.testshared.HostThreads.startWaiting("%s");
                return "left";
                """.formatted(name));
        Thread host = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
        try {
            assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
            assertTrue(undone().contains("reset the context class loader of thread '" + name + "' (platform)"), undone()::toString);
            assertTrue(host.isAlive() && !host.isInterrupted(), "a host thread must not be stopped");
            assertSame(io.modulets.api.Job.class.getClassLoader(), host.getContextClassLoader(),
                    "a host thread gets the host's loader back, not the platform layer's filter of it");
        } finally {
            Gates.open(name);
        }
    }

    @Test
    void stopLeftoverThreadsOff_nothingStopped_causeNamesTheThreadAndWhy() {
        RuntimeEvent verdict = leaveThenRetire(fx.builder().leakDeadline(Duration.ofSeconds(2)).stopLeftoverThreads(false), """
                Thread.ofPlatform().daemon().name("kept").start(Leave::sleepUntilInterrupted);
                return "left";
                """);
        Thread kept = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("kept")).findFirst().orElseThrow();
        kept.interrupt(); // the test's own clean-up, after the verdict

        RuntimeEvent.LeakSuspected leak = assertInstanceOf(RuntimeEvent.LeakSuspected.class, verdict);
        assertFalse(undone().stream().anyMatch(u -> u.startsWith("interrupted")), undone()::toString);
        assertTrue(leak.cause().startsWith("thread 'kept' (platform, TIMED_WAITING) at left.Leave.sleepUntilInterrupted(Leave.java:"),
                leak.cause());
        assertTrue(leak.cause().contains("not stopped: stopLeftoverThreads is off"), leak.cause());
    }
}
