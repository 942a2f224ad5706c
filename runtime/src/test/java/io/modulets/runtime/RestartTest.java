package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 11: a new runtime over the same folders deploys what the folder holds before start() returns. */
class RestartTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    @Test
    void restart_folderUnchanged_modulesCurrentAsSoonAsStartReturns() {
        fx.drop("app.jar", hello("app", "1", "base"));
        fx.drop("base.jar", hello("base", "1"));
        fx.start();

        fx.restart();

        assertEquals(Map.of("app", "1", "base", "1"), fx.runtime.current().modules());
        assertEquals(List.of("app", "base"), fx.events.stream().filter(RuntimeEvent.Deployed.class::isInstance)
                .map(e -> ((RuntimeEvent.Deployed) e).module()).sorted().toList());
        assertEquals("app 1", result(fx.runtime.<String>submit(JobSpec.of("app", "app.Hello"))));
    }

    @Test
    void restart_folderChangedWhileDown_newContentDeployedAndStaleStoreFilesRemoved() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        byte[] keep1 = hello("keep", "1").toBytes();
        byte[] keep2 = hello("keep", "2").toBytes();
        byte[] gone = hello("gone", "1").toBytes();
        byte[] fresh = hello("fresh", "1").toBytes();
        Path keep = ModuleJar.writeAtomically(fx.watchDir.resolve("keep.jar"), keep1);
        Path goneJar = ModuleJar.writeAtomically(fx.watchDir.resolve("gone.jar"), gone);
        fx.start();
        fx.runtime.close();

        Files.write(keep, keep2); // in place, while nobody watches
        Files.delete(goneJar);
        ModuleJar.writeAtomically(fx.watchDir.resolve("new.jar"), fresh);
        Path staging = Files.write(store().resolve(".staging-123456.jar"), Arrays.copyOf(keep2, 100));
        fx.restart();

        assertEquals(Map.of("keep", "2", "fresh", "1"), fx.runtime.current().modules());
        assertEquals("keep 2", result(fx.runtime.<String>submit(JobSpec.of("keep", "keep.Hello"))));
        assertFalse(Files.exists(staging), "an unfinished copy of an earlier run is removed");
        assertFalse(Files.exists(storeFile(keep1)), "a version no file and no namespace uses leaves the store");
        assertFalse(Files.exists(storeFile(gone)));
        assertTrue(Files.exists(storeFile(keep2)));
        assertEquals(Set.of(sha256(keep2) + ".jar", sha256(fresh) + ".jar"), storeNames());
    }

    @Test
    void restart_halfWrittenJarLeftInFolder_othersDeployAndItIsRejectedLater() throws Exception {
        fx.drop("good.jar", hello("good", "1"));
        byte[] half = hello("half", "1").toBytes();
        Path halfJar = Files.write(fx.watchDir.resolve("half.jar"), Arrays.copyOf(half, half.length / 2));

        fx.start();

        assertEquals(Map.of("good", "1"), fx.runtime.current().modules());
        DeployKit.awaitRejected(fx, halfJar);
        DeployKit.assertRejectedOnly(fx, halfJar, "not a complete zip");
        assertEquals(Map.of("good", "1"), fx.runtime.current().modules());
    }

    private Path store() {
        return fx.stateDir.resolve("store");
    }

    private Path storeFile(byte[] jar) {
        return store().resolve(sha256(jar) + ".jar");
    }

    private Set<String> storeNames() throws Exception {
        try (Stream<Path> files = Files.list(store())) {
            return new java.util.TreeSet<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
