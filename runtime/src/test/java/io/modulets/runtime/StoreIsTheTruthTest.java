package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.magic;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.JobSubmissionException;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 2: once accepted, a jar's bytes come from the store, never from the watched file again; and rule 10's
 * store side: a version's store file leaves once nothing uses it.
 */
class StoreIsTheTruthTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    final String gate = "store-" + UUID.randomUUID();


    @AfterEach
    void tearDown() {
        Gates.open(gate);
    }

    @Test
    void watchedJarDeleted_jobGatedBeforeLoadingItsClasses_stillGetsTheOldBytes() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        byte[] v1 = magic("1", 1001).toBytes();
        Path jar = ModuleJar.writeAtomically(fx.watchDir.resolve("magic.jar"), v1);
        fx.start();
        JobHandle<Integer> gated = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        Files.delete(jar);

        RuntimeEvent.Removed removed = fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("magic"));
        JobSubmissionException unknown = assertThrows(JobSubmissionException.class,
                () -> fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob")));
        assertTrue(unknown.getMessage().contains("'magic'"), unknown.getMessage());
        assertTrue(Files.exists(storeFile(v1)), "a leased namespace keeps its store file");
        Gates.open(gate); // only now does the job load magic.Magic
        assertEquals(1001, result(gated));
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().equals(gated.namespace()));
        awaitGone(storeFile(v1));
        assertEquals(List.of(removed.namespace()), fx.runtime.liveNamespaces());
    }

    @Test
    void watchedJarOverwrittenInPlace_sameVersionLabelOtherBytes_oldJobGetsOldBytes() throws Exception {
        Path jar = fx.drop("magic.jar", magic("1", 1001));
        fx.start();
        JobHandle<Integer> gated = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        Files.write(jar, magic("1", 9999).toBytes());

        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> d.namespace().generation() == gated.namespace().generation() + 1);
        assertEquals(9999, result(fx.runtime.<Integer>submit(JobSpec.of("magic", "magic.MagicJob"))));
        Gates.open(gate);
        assertEquals(1001, result(gated));
    }

    @Test
    void watchedJarRenamed_sameBytes_nothingChanges() throws Exception {
        Path jar = fx.drop("magic.jar", magic("1", 1001));
        fx.start();
        fx.events.clear();
        String before = fx.runtime.current().id();
        JobHandle<Integer> gated = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        Path renamed = Files.move(jar, fx.watchDir.resolve("magic-renamed.jar"), StandardCopyOption.ATOMIC_MOVE);
        Path sentinel = Files.write(fx.watchDir.resolve("sentinel.jar"), DeployKit.noise(50));
        DeployKit.awaitRejected(fx, sentinel);

        assertEquals(before, fx.runtime.current().id());
        assertEquals(0, fx.events.stream().filter(e -> e instanceof RuntimeEvent.Deployed
                || e instanceof RuntimeEvent.Removed).count(), fx.events::toString);
        Gates.open(gate);
        assertEquals(1001, result(gated));
        Files.delete(renamed);
        fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("magic"));
    }

    @Test
    void update_oldNamespaceRetired_oldDigestLeavesTheStore() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        byte[] v1 = magic("1", 1001).toBytes();
        byte[] v2 = magic("2", 1002).toBytes();
        Path jar = ModuleJar.writeAtomically(fx.watchDir.resolve("magic.jar"), v1);
        fx.start();
        JobHandle<Integer> gated = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        ModuleJar.writeAtomically(jar, v2);
        fx.awaitVersion("magic", "2");

        assertTrue(Files.exists(storeFile(v1)), "the leased old version keeps its store file");
        assertTrue(Files.exists(storeFile(v2)));
        Gates.open(gate);
        assertEquals(1001, result(gated));
        fx.awaitEvent(RuntimeEvent.Retired.class, r -> r.namespace().equals(gated.namespace()));
        awaitGone(storeFile(v1));
        assertTrue(Files.exists(storeFile(v2)));
        assertEquals(1002, result(fx.runtime.<Integer>submit(JobSpec.of("magic", "magic.MagicJob"))));
    }

    private Path storeFile(byte[] jar) {
        return fx.stateDir.resolve("store").resolve(sha256(jar) + ".jar");
    }

    private static void awaitGone(Path file) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> !Files.exists(file));
    }
}
