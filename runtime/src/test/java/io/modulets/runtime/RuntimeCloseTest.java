package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 9 at shutdown: close drains, then cancels; every job's result is still published exactly once. */
class RuntimeCloseTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    String gate;

    @BeforeEach
    void setUp() throws Exception {
        gate = "close-" + UUID.randomUUID();
        fx.drop("stubborn.jar", stubborn("1"));
        fx.start(fx.builder().drainTimeout(Duration.ofMillis(200)));
        fx.awaitVersion("stubborn", "1");
    }


    /**
     * {@code stubborn.Wait} waits for its gate and lets an interrupt end it; {@code stubborn.Ignore} swallows
     * interrupts and waits until its gate opens.
     */
    static ModuleJar stubborn(String version) {
        return ModuleJar.named("stubborn").version(version)
                .source("stubborn.Wait", """
                        package stubborn;
                        public class Wait implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                io.modulets.testshared.Gates.await(ctx.arg("gate"));
                                return "let through";
                            }
                        }
                        """)
                .source("stubborn.Ignore", """
                        package stubborn;
                        public class Ignore implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) {
                                for (;;) {
                                    try {
                                        io.modulets.testshared.Gates.await(ctx.arg("gate"));
                                        return "ignored the cancel";
                                    } catch (InterruptedException e) {
                                        // deliberately deaf
                                    }
                                }
                            }
                        }
                        """);
    }

    @Test
    void close_jobStillRunningAfterDrain_cancelledAndResultPublished() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("stubborn", "stubborn.Wait").withArg("gate", gate));

        fx.runtime.close();

        assertTrue(job.isDone(), "close returned before the cancelled job ended");
        assertInstanceOf(CancellationException.class, failureOf(job));
        assertEquals(0, fx.runtime.runningJobs());
    }

    @Test
    void close_jobIgnoresCancellation_resultPublishedWhenItFinallyEnds() {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of("stubborn", "stubborn.Ignore").withArg("gate", gate));
        fx.drop("stubborn.jar", stubborn("2"));
        fx.awaitVersion("stubborn", "2"); // the job's namespace is retired when it ends, after close

        fx.runtime.close();
        assertEquals(1, fx.runtime.runningJobs());
        Gates.open(gate);

        assertInstanceOf(CancellationException.class, failureOf(job));
        assertEquals(0, fx.runtime.runningJobs());
    }
}
