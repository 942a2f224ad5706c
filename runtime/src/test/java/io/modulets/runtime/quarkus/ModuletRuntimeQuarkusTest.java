package io.modulets.runtime.quarkus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.Job;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.testkit.ModuleJar;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The Quarkus integration: the runtime is injectable, started with the application, and runs jobs. */
@QuarkusTest
class ModuletRuntimeQuarkusTest {

    @Inject
    ModuletRuntime runtime;

    @Test
    void submit_injectedRuntimeAfterJarDropped_runsJobOfThatJar() {
        String version = "1-" + UUID.randomUUID().toString().substring(0, 8); // the folder outlives a run
        ModuleJar.named("hello").version(version)
                .source("hello.Hello", """
                        package hello;
                        import io.modulets.api.*;
                        import java.util.Map;
                        public class Hello implements Job<Map<String, Object>> {
                            public Map<String, Object> run(JobContext ctx) {
                                return Map.of("greeting", "hello from " + ctx.namespace().versionOf("hello"), "job", Job.class);
                            }
                        }
                        """)
                .writeTo(runtime.settings().watchDir().resolve("hello.jar"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> version.equals(runtime.current().modules().get("hello")));
        JobHandle<Map<String, Object>> job = runtime.submit(JobSpec.of("hello", "hello.Hello"));

        Map<String, Object> seen = job.result().await().atMost(Duration.ofSeconds(20));
        assertEquals("hello from " + version, seen.get("greeting"));
        assertSame(Job.class, seen.get("job"), "module code and the Quarkus application see different platform classes");
    }

    @Test
    void name_modulets_name_isTheRuntimesJmxName() throws Exception {
        assertEquals("quarkus-test", runtime.settings().name());
        assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName("io.modulets:type=Runtime,name=quarkus-test")));
    }
}
