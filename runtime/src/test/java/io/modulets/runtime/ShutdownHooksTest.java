package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10, shutdown hooks: a hook a retired version registered is removed at retirement (else the JDK keeps the
 * hook thread, and the loader with it, until the JVM exits), with a plain hook and with real Guava's exiting
 * executor, whose pool is shut down too.
 */
class ShutdownHooksTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private static ModuleJar hooked(String version, String body) {
        return ModuleJar.named("hooked").version(version)
                .compileAgainst(RealLibraries.jar("guava"))
                .source("hooked.Hook", """
                        package hooked;
                        import io.modulets.api.*;
                        import java.util.concurrent.*;
                        public class Hook implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                        """ + body + """
                                return "hooked";
                            }
                        }
                        """)
                .resource("lib/guava.jar", bytes("guava"))
                .resource("lib/failureaccess.jar", bytes("failureaccess"));
    }

    private static byte[] bytes(String artifactId) {
        try {
            return Files.readAllBytes(RealLibraries.jar(artifactId));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs version 1's job with {@code body}, replaces it, and returns version 1's verdict and what was undone. */
    private List<String> hookThenRetire(String body) {
        fx.drop("hooked.jar", hooked("1", body));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(5)));
        NamespaceInfo first = fx.awaitVersion("hooked", "1");
        assertEquals("hooked", result(fx.runtime.<String>submit(JobSpec.of("hooked", "hooked.Hook"))));
        fx.drop("hooked.jar", hooked("2", ""));
        fx.awaitVersion("hooked", "2");
        awaitRetired(fx, first.id());
        RuntimeEvent verdict = fx.awaitEvent(RuntimeEvent.class, e -> e instanceof RuntimeEvent.Collected c && c.module().equals("hooked")
                || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("hooked"));
        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        return fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("hooked") && e.version().equals("1")).undone();
    }

    @Test
    void plainHook_removedAndCollected() {
        List<String> undone = hookThenRetire("""
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("bye"), "hooked-bye"));
                """);

        assertTrue(undone.contains("removed shutdown hook thread 'hooked-bye'"), undone::toString);
    }

    @Test
    void guavaExitingExecutor_itsPoolShutDownAndItsHookRemoved_collected() {
        List<String> undone = hookThenRetire("""
                ExecutorService exiting = com.google.common.util.concurrent.MoreExecutors.getExitingExecutorService(
                        (ThreadPoolExecutor) Executors.newFixedThreadPool(2));
                exiting.submit(() -> { }).get();
                """);

        assertTrue(undone.stream().anyMatch(u -> u.startsWith("shut down the ThreadPoolExecutor behind thread ")), undone::toString);
        assertTrue(undone.stream().anyMatch(u -> u.startsWith("removed shutdown hook thread 'DelayedShutdownHook-for-")), undone::toString);
    }
}
