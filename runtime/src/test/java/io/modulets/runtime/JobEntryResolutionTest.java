package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.testkit.ModuleJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The classes in a job's {@code run} signatures are resolved through its module's loader before it runs, so
 * the JIT does not see them as unloaded when it compiles the job into {@code VirtualThread.run} (see
 * {@code JobFactory}). Without it, the throughput benchmark deoptimized {@code VirtualThread.run} 312 times in
 * 25 s, each time on the first non-null result of the job's bridge method.
 */
class JobEntryResolutionTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    static ModuleJar entry() {
        return ModuleJar.named("entry").version("1")
                .source("entry.Own", """
                        package entry;
                        public class Own implements io.modulets.api.Job<Object> {
                            public Object run(io.modulets.api.JobContext ctx) { return Own.class.getClassLoader(); }
                        }
                        """)
                .source("entry.Big", """
                        package entry;
                        public class Big implements io.modulets.api.Job<java.math.BigInteger> {
                            public java.math.BigInteger run(io.modulets.api.JobContext ctx) { return null; }
                        }
                        """);
    }

    @Test
    void submit_jobWhoseResultTypeItsCodeNeverLoads_theModuleLoaderHasLoadedThatTypeBeforeTheJobRuns() {
        fx.drop("entry.jar", entry());
        fx.start();
        fx.awaitVersion("entry", "1");
        ModuleClassLoader loader = assertInstanceOf(ModuleClassLoader.class,
                result(fx.runtime.submit(JobSpec.of("entry", "entry.Own"))));
        assertFalse(loader.hasLoaded("java.math.BigInteger"), "nothing in the module has asked for BigInteger yet");

        assertNull(result(fx.runtime.submit(JobSpec.of("entry", "entry.Big"))));

        assertTrue(loader.hasLoaded("java.math.BigInteger"), "the result type of entry.Big's run is resolved by its loader");
        assertTrue(loader.hasLoaded("io.modulets.api.JobContext"));
    }
}
