package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import io.modulets.testshared.Tape;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jobs as supervisors: {@code JobContext.supervise} on a real runtime with real module jars. */
class SupervisedJobTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    /**
     * Module {@code crew}: {@code crew.CrewJob} supervises {@code steady} (records and ends) and {@code flaky}
     * (waits for the gate, crashes on its first run, and on its restart records {@code crew.Stamp}, a class no
     * code touched before, so it is loaded lazily after the update), both transient and
     * significant, so the tree shuts itself down when both have ended. The job returns how the tree ended.
     */
    static ModuleJar crew(String version) {
        return ModuleJar.named("crew").version(version)
                .source("crew.Version", "package crew; public class Version { public static String v() { return \"" + version + "\"; } }")
                .source("crew.Stamp", "package crew; public class Stamp { public static String v() { return \"stamp-" + version + "\"; } }")
                .source("crew.CrewJob", """
                        package crew;
                        import io.modulets.api.*;
                        import io.modulets.supervisor.*;
                        import io.modulets.testshared.*;
                        import java.util.concurrent.atomic.AtomicBoolean;
                        public class CrewJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String tape = ctx.arg("tape");
                                AtomicBoolean crashed = new AtomicBoolean();
                                SupervisorSpec spec = SupervisorSpec.builder().name("crew").intensity(3)
                                        .autoShutdown(AutoShutdown.ALL_SIGNIFICANT)
                                        .child(ChildSpec.worker("steady", c -> Tape.record(tape, "steady:" + Version.v()))
                                                .restart(RestartType.TRANSIENT).significant(true).build())
                                        .child(ChildSpec.worker("flaky", c -> {
                                            Gates.await(ctx.arg("gate"));
                                            if (crashed.compareAndSet(false, true)) {
                                                Tape.record(tape, "flaky-crash");
                                                throw new IllegalStateException("flaky crashes once");
                                            }
                                            Tape.record(tape, "flaky:" + Stamp.v() + ":"
                                                    + (Thread.currentThread().getContextClassLoader() == CrewJob.class.getClassLoader()));
                                        }).restart(RestartType.TRANSIENT).significant(true).build())
                                        .build();
                                ExitReason how = ctx.supervise(spec);
                                Tape.record(tape, "tree-ended");
                                return how.getClass().getSimpleName();
                            }
                        }
                        """)
                .source("crew.StubbornJob", """
                        package crew;
                        import io.modulets.api.*;
                        import io.modulets.supervisor.*;
                        import io.modulets.testshared.*;
                        import java.time.Duration;
                        public class StubbornJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String tape = ctx.arg("tape");
                                SupervisorSpec inner = SupervisorSpec.builder().name("inner")
                                        .child(ChildSpec.worker("stubborn", c -> {
                                            Tape.record(tape, "start:stubborn");
                                            try {
                                                Gates.await("never-" + tape);
                                            } catch (InterruptedException e) {
                                                Tape.record(tape, "ignored-interrupt");
                                                Gates.await(ctx.arg("release"));
                                                Tape.record(tape, "released");
                                            }
                                        }).shutdownTimeout(Duration.ofMillis(50)).build())
                                        .build();
                                return ctx.supervise(SupervisorSpec.builder().name("outer")
                                        .child(ChildSpec.supervisor("inner", inner).build()).build()).toString();
                            }
                        }
                        """)
                .source("crew.StopOrderJob", """
                        package crew;
                        import io.modulets.api.*;
                        import io.modulets.supervisor.*;
                        import io.modulets.testshared.*;
                        public class StopOrderJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String tape = ctx.arg("tape");
                                SupervisorSpec.Builder spec = SupervisorSpec.builder().name("ordered");
                                for (String id : new String[] {"a", "b", "c"}) {
                                    spec.child(ChildSpec.worker(id, c -> {
                                        Tape.record(tape, "start:" + id);
                                        try {
                                            Gates.await("never-" + tape);
                                        } finally {
                                            Tape.record(tape, "stop:" + id);
                                        }
                                    }).build());
                                }
                                return ctx.supervise(spec.build()).toString();
                            }
                        }
                        """);
    }

    @Test
    void supervise_childCrashesAfterUpdate_restartRunsTheJobsVersionAndJobEndsWithTheTree() throws Exception {
        String gate = "crew-" + UUID.randomUUID();
        String tape = "tape-" + UUID.randomUUID();
        fx.drop("crew.jar", crew("1"));
        fx.start();
        NamespaceInfo v1 = fx.awaitVersion("crew", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("crew", "crew.CrewJob").withArg("gate", gate).withArg("tape", tape));
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10)).until(() -> Tape.read(tape).contains("steady:1"));

        ModuleJar.writeAtomically(fx.watchDir.resolve("crew.jar"), crew("2").toBytes());
        fx.awaitVersion("crew", "2");
        Gates.open(gate);

        assertEquals("Shutdown", result(job), "the tree shut itself down once both significant children ended");
        List<String> log = Tape.read(tape);
        assertEquals(List.of("steady:1", "flaky-crash", "flaky:stamp-1:true", "tree-ended"), log);
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().id().equals(v1.id()));
        assertEquals(List.of(fx.runtime.current().id()), fx.runtime.liveNamespaces().stream().map(NamespaceInfo::id).toList());
    }

    @Test
    void supervise_twoJobsOnOldVersion_leaseReleasedOncePerJobAfterItsTree() throws Exception {
        String gateA = "a-" + UUID.randomUUID();
        String gateB = "b-" + UUID.randomUUID();
        String tapeA = "tape-a-" + UUID.randomUUID();
        String tapeB = "tape-b-" + UUID.randomUUID();
        fx.drop("crew.jar", crew("1"));
        fx.start();
        NamespaceInfo v1 = fx.awaitVersion("crew", "1");
        JobHandle<String> a = fx.runtime.submit(JobSpec.of("crew", "crew.CrewJob").withArg("gate", gateA).withArg("tape", tapeA));
        JobHandle<String> b = fx.runtime.submit(JobSpec.of("crew", "crew.CrewJob").withArg("gate", gateB).withArg("tape", tapeB));
        ModuleJar.writeAtomically(fx.watchDir.resolve("crew.jar"), crew("2").toBytes());
        fx.awaitVersion("crew", "2");

        Gates.open(gateA);
        assertEquals("Shutdown", result(a));
        fx.awaitEvent(RuntimeEvent.JobEnded.class, e -> e.jobId().equals(a.id()));
        assertTrue(ids(fx.runtime.liveNamespaces()).contains(v1.id()), "job b still holds " + v1.id());
        assertFalse(fx.events.stream().anyMatch(e -> e instanceof RuntimeEvent.Retired r && r.namespace().id().equals(v1.id())));

        Gates.open(gateB);
        assertEquals("Shutdown", result(b));
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().id().equals(v1.id()));
        assertEquals(List.of("steady:1", "flaky-crash", "flaky:stamp-1:true", "tree-ended"), Tape.read(tapeB));
    }

    @Test
    void cancel_jobSupervisingThreeChildren_stopsThemInReverseOrderBeforeTheJobFails() throws Exception {
        String tape = "tape-" + UUID.randomUUID();
        fx.drop("crew.jar", crew("1"));
        fx.start();
        NamespaceInfo v1 = fx.awaitVersion("crew", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("crew", "crew.StopOrderJob").withArg("tape", tape));
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10)).until(() -> Tape.read(tape).size() == 3);
        ModuleJar.writeAtomically(fx.watchDir.resolve("crew.jar"), crew("2").toBytes());
        fx.awaitVersion("crew", "2");

        job.cancel();

        Exception failure = assertThrows(Exception.class, () -> result(job));
        List<String> atEnd = Tape.read(tape); // read as soon as the job has ended: the tree must be down by then
        assertInstanceOf(CancellationException.class, failure);
        // children start in spec order, but each records its own start on its own thread: only the set is certain
        assertEquals(java.util.Set.of("start:a", "start:b", "start:c"), java.util.Set.copyOf(atEnd.subList(0, 3)));
        assertEquals(List.of("stop:c", "stop:b", "stop:a"), atEnd.subList(3, atEnd.size()));
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().id().equals(v1.id()));
    }

    @Test
    void cancel_nestedChildIgnoresInterrupt_jobAndLeaseLastUntilItsThreadEnds() throws Exception {
        String tape = "tape-" + UUID.randomUUID();
        String release = "release-" + UUID.randomUUID();
        fx.drop("crew.jar", crew("1"));
        fx.start();
        NamespaceInfo v1 = fx.awaitVersion("crew", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("crew", "crew.StubbornJob").withArg("tape", tape).withArg("release", release));
        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10)).until(() -> Tape.read(tape).contains("start:stubborn"));
        ModuleJar.writeAtomically(fx.watchDir.resolve("crew.jar"), crew("2").toBytes());
        fx.awaitVersion("crew", "2");

        job.cancel();

        await().atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10)).until(() -> Tape.read(tape).contains("ignored-interrupt"));
        await().during(Duration.ofMillis(500)).atMost(RuntimeFixture.WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> !job.isDone() && ids(fx.runtime.liveNamespaces()).contains(v1.id()));
        Gates.open(release);
        assertInstanceOf(CancellationException.class, assertThrows(Exception.class, () -> result(job)));
        assertEquals(List.of("start:stubborn", "ignored-interrupt", "released"), Tape.read(tape));
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().id().equals(v1.id()));
    }

    @Test
    void supervise_specWithItsOwnThreadFactory_failsNamingTheFix() throws Exception {
        fx.drop("odd.jar", ModuleJar.named("odd").version("1").source("odd.OddJob", """
                package odd;
                import io.modulets.api.*;
                import io.modulets.supervisor.*;
                public class OddJob implements Job<String> {
                    public String run(JobContext ctx) throws Exception {
                        return ctx.supervise(SupervisorSpec.builder().name("odd")
                                .threadFactory(Thread.ofPlatform().factory()).build()).toString();
                    }
                }
                """));
        fx.start();
        fx.awaitVersion("odd", "1");

        JobHandle<String> job = fx.runtime.submit(JobSpec.of("odd", "odd.OddJob"));

        Exception failure = assertThrows(IllegalArgumentException.class, () -> result(job));
        assertTrue(failure.getMessage().contains("drop threadFactory(..)"), failure.getMessage());
    }

    private static List<String> ids(List<NamespaceInfo> namespaces) {
        return namespaces.stream().map(NamespaceInfo::id).toList();
    }
}
