package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 8 for workers: they share their job's namespace, run on virtual threads with the module loader as context. */
class WorkerBindingTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    /**
     * {@code work.WorkJob}: spawns worker "early" (which waits on the gate), waits on the gate itself, then
     * spawns worker "late". Each thread reports the version of the lazily loaded {@code work.Lazy}, whether it is
     * virtual, and whether its context loader is the job's module loader.
     */
    static ModuleJar work(String version) {
        return ModuleJar.named("work").version(version)
                .source("work.Lazy", "package work; class Lazy { static String version() { return \"v" + version + "\"; } }")
                .source("work.WorkJob", """
                        package work;
                        import io.modulets.api.*;
                        import io.modulets.testshared.Gates;
                        public class WorkJob implements Job<String> {
                            static String report() {
                                Thread t = Thread.currentThread();
                                return Lazy.version() + " virtual=" + t.isVirtual()
                                        + " ccl=" + (t.getContextClassLoader() == WorkJob.class.getClassLoader());
                            }
                            public String run(JobContext ctx) throws Exception {
                                String gate = ctx.arg("gate");
                                Worker<String> early = ctx.spawn("early", () -> { Gates.await(gate); return report(); });
                                Gates.await(gate);
                                Worker<String> late = ctx.spawn("late", WorkJob::report);
                                return "body: " + report() + "; early: " + early.join() + "; late: " + late.join();
                            }
                        }
                        """);
    }

    @Test
    void spawn_afterNewerVersionIsCurrent_everyWorkerSeesTheJobsVersion() {
        String gate = "workers-" + UUID.randomUUID();
        fx.drop("work.jar", work("1"));
        fx.start();
        fx.awaitVersion("work", "1");
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("work", "work.WorkJob").withArg("gate", gate));

        fx.drop("work.jar", work("2"));
        fx.awaitVersion("work", "2");
        Gates.open(gate); // only now does any thread of the job load work.Lazy

        String expected = "v1 virtual=true ccl=true";
        assertEquals("body: " + expected + "; early: " + expected + "; late: " + expected, result(job));
        assertEquals("1", job.namespace().modules().get("work"));
    }

    @Test
    void spawn_jobOfNewVersion_workersSeeTheNewVersion() {
        String gate = "workers-new-" + UUID.randomUUID();
        fx.drop("work.jar", work("1"));
        fx.start();
        fx.awaitVersion("work", "1");
        fx.drop("work.jar", work("2"));
        fx.awaitVersion("work", "2");
        Gates.open(gate);

        JobHandle<String> job = fx.runtime.submit(JobSpec.of("work", "work.WorkJob").withArg("gate", gate));

        String expected = "v2 virtual=true ccl=true";
        assertEquals("body: " + expected + "; early: " + expected + "; late: " + expected, result(job));
    }
}
