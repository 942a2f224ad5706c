package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.assertRejectedOnly;
import static io.modulets.runtime.DeployKit.awaitRejected;
import static io.modulets.runtime.DeployKit.deployedFrom;
import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.noise;
import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 4 with real jars: a jar that fails validation is rejected with a reason, and nothing else notices. How unmet
 * requires are rejected once and then wait is table-tested on the pure policy in {@code deploy.DeployPolicyTest};
 * here stays the seam it crosses, the store keeping a waiting jar's bytes through a promotion.
 */
class JarValidationTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void brokenJars_dropped_eachRejectedWithItsReasonAndNothingRunningNotices() throws Exception {
        fx.drop("keep.jar", hello("keep", "1"));
        fx.drop("other.jar", hello("other", "1"));
        fx.start();
        fx.events.clear(); // the deployments of start() do not count
        NamespaceInfo before = fx.runtime.current();
        String gate = "broken-" + UUID.randomUUID();
        JobHandle<String> running = fx.runtime.submit(JobSpec.of("keep", "keep.Hello").withArg("gate", gate));

        byte[] good = hello("keep", "2").resource("keep/data.bin", noise(4096)).toBytes();
        Path corrupt = write("corrupt.jar", DeployKit.flipByteInEntry(good, "keep/data.bin"));
        Path truncated = write("truncated.jar", Arrays.copyOf(good, good.length - 10));
        Path garbage = write("garbage.jar", noise(3000));
        Path empty = write("empty.jar", new byte[0]);
        Path badManifest = write("manifest.jar", DeployKit.zipWithManifest("Manifest-Version: 1.0\nthis line has no colon\n\n"));
        // the same damage over a file that already serves a module: its module keeps its version
        Path overwritten = fx.watchDir.resolve("other.jar");
        Files.write(overwritten, DeployKit.flipByteInEntry(
                hello("other", "2").resource("other/data.bin", noise(4096)).toBytes(), "other/data.bin"));

        for (Path file : List.of(corrupt, truncated, garbage, empty, badManifest, overwritten)) {
            awaitRejected(fx, file);
        }

        assertRejectedOnly(fx, corrupt, "keep/data.bin", "CRC");
        assertRejectedOnly(fx, truncated, "not a complete zip");
        assertRejectedOnly(fx, garbage, "not a complete zip");
        assertRejectedOnly(fx, empty, "empty");
        assertRejectedOnly(fx, badManifest, "manifest", "invalid header");
        assertRejectedOnly(fx, overwritten, "other/data.bin", "CRC");
        assertEquals(before, fx.runtime.current(), "the current namespace is unchanged");
        assertEquals(List.of(before), fx.runtime.liveNamespaces());
        assertEquals(0, fx.events.stream().filter(e -> e instanceof RuntimeEvent.Deployed
                || e instanceof RuntimeEvent.Removed).count(), fx.events::toString);
        Gates.open(gate);
        assertEquals("keep 1", result(running));
        assertEquals("other 1", result(fx.runtime.<String>submit(JobSpec.of("other", "other.Hello"))));
    }

    @Test
    void emptyJar_dropped_rejectedSayingItIsEmpty() throws Exception {
        fx.start();

        Path empty = write("empty.jar", new byte[0]);

        awaitRejected(fx, empty);
        assertRejectedOnly(fx, empty, "empty (0 bytes)");
    }

    @Test
    void sidecar_matchingDigest_accepted() throws Exception {
        fx.start();
        byte[] jar = hello("signed", "1").toBytes();
        Files.writeString(fx.watchDir.resolve("signed.jar.sha256"), sha256(jar) + "  signed.jar\n");

        Path file = ModuleJar.writeAtomically(fx.watchDir.resolve("signed.jar"), jar);

        fx.awaitVersion("signed", "1");
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> file.equals(d.file()));
        assertEquals(List.of(), DeployKit.rejectedFor(fx, file));
    }

    @Test
    void sidecar_wrongDigest_rejectedNamingBothDigests() throws Exception {
        fx.start();
        byte[] jar = hello("signed", "1").toBytes();
        String stale = sha256(hello("signed", "0").toBytes());
        Files.writeString(fx.watchDir.resolve("signed.jar.sha256"), stale.toUpperCase() + "\n");

        Path file = ModuleJar.writeAtomically(fx.watchDir.resolve("signed.jar"), jar);

        awaitRejected(fx, file);
        assertRejectedOnly(fx, file, sha256(jar), stale, "signed.jar.sha256");
        assertFalse(fx.runtime.current().modules().containsKey("signed"));
    }

    @Test
    void sidecar_correctedAfterRejection_jarDeploysWithoutBeingTouched() throws Exception {
        fx.start();
        byte[] jar = hello("signed", "1").toBytes();
        Path sidecar = Files.writeString(fx.watchDir.resolve("signed.jar.sha256"), "0".repeat(64) + "\n");
        Path file = ModuleJar.writeAtomically(fx.watchDir.resolve("signed.jar"), jar);
        awaitRejected(fx, file);

        Files.writeString(sidecar, sha256(jar) + "  signed.jar\n");

        fx.awaitVersion("signed", "1");
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> file.equals(d.file())); // published just after the promotion
        assertEquals(1, deployedFrom(fx, file).size());
    }

    @Test
    void sidecar_malformed_rejected() throws Exception {
        fx.start();
        Files.writeString(fx.watchDir.resolve("signed.jar.sha256"), "sha256:not-a-digest\n");

        Path file = fx.drop("signed.jar", hello("signed", "1"));

        awaitRejected(fx, file);
        assertRejectedOnly(fx, file, "signed.jar.sha256", "SHA-256");
        assertFalse(fx.runtime.current().modules().containsKey("signed"));
    }

    @Test
    void requires_requiredModuleArrivesAfterRejection_requirerDeploysWithoutBeingTouched() {
        fx.start();
        Path app = fx.drop("app.jar", hello("app", "1", "base"));
        awaitRejected(fx, app);
        fx.drop("other.jar", hello("other", "1")); // a promotion in between collects the store's garbage
        fx.awaitVersion("other", "1");

        fx.drop("base.jar", hello("base", "1"));

        fx.awaitVersion("base", "1");
        fx.awaitVersion("app", "1");
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> app.equals(d.file()));
        assertEquals(1, DeployKit.rejectedFor(fx, app).size());
        assertEquals("app 1", result(fx.runtime.<String>submit(JobSpec.of("app", "app.Hello"))));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(fx.watchDir.resolve(name), bytes);
    }
}
