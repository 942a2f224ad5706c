package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * How a job class is entered: the maker the runtime generates for it, and the classes in its {@code run}
 * signatures resolved through its module's loader before it runs, so
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

    @Test
    void submit_moduleHasAClassNamedLikeTheGeneratedMaker_jobRunsAndTheModuleKeepsItsOwnClass() {
        fx.drop("entry.jar", ModuleJar.named("entry").version("1")
                .source("entry.Clash", """
                        package entry;
                        public class Clash implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                return (String) Class.forName("entry.Clash$$Maker").getMethod("who").invoke(null);
                            }
                        }
                        """)
                .source("entry.Clash$$Maker", """
                        package entry;
                        public class Clash$$Maker {
                            public static String who() { return "the module's own"; }
                        }
                        """));
        fx.start();
        fx.awaitVersion("entry", "1");

        assertEquals("the module's own", result(fx.runtime.submit(JobSpec.of("entry", "entry.Clash"))));
        assertEquals("the module's own", result(fx.runtime.submit(JobSpec.of("entry", "entry.Clash"))));
    }
}
