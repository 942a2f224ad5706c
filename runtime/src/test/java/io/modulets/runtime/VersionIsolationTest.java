package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.magic;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VersionIsolationTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    @Test
    void submit_threeVersionsWithInPlaceOverwrite_eachJobSeesItsOwnVersionLazily() throws Exception {
        String gate = "three-" + UUID.randomUUID();
        Path jar = fx.drop("magic.jar", magic("1", 1001));
        fx.start();
        fx.awaitVersion("magic", "1");
        JobHandle<Integer> first = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        Files.write(jar, magic("2", 1002).toBytes()); // in place: truncate, then write
        fx.awaitVersion("magic", "2");
        JobHandle<Integer> second = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        ModuleJar.writeAtomically(jar, magic("3", 1003).toBytes());
        fx.awaitVersion("magic", "3");
        JobHandle<Integer> third = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        assertEquals(3, fx.runtime.liveNamespaces().size());
        Gates.open(gate); // only now does any job touch magic.Magic
        assertEquals(1001, result(first));
        assertEquals(1002, result(second));
        assertEquals(1003, result(third));
        assertEquals("1", first.namespace().modules().get("magic"));
    }

    @Test
    void result_subscriberCancelsItsSubscription_jobOutcomeIsUnaffected() throws Exception {
        String gate = "cancel-sub-" + UUID.randomUUID();
        fx.drop("magic.jar", magic("1", 1001));
        fx.start();
        fx.awaitVersion("magic", "1");
        JobHandle<Integer> job = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        // a subscriber that gives up after 50 ms cancels its subscription to the still-running job's result
        assertThrows(io.smallrye.mutiny.TimeoutException.class,
                () -> job.result().ifNoItem().after(java.time.Duration.ofMillis(50)).fail().await().indefinitely());
        Gates.open(gate);

        assertEquals(1001, result(job));
        assertEquals(1001, result(job), "a second subscriber sees the same outcome");
    }
}
