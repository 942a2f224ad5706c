package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.awaitRejected;
import static io.modulets.runtime.DeployKit.deployedFrom;
import static io.modulets.runtime.DeployKit.deployedOf;
import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.noise;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 3 at the seams with a real folder and real time: which files the watcher reports, partial writes completed
 * in place, slow writes, atomic renames. The timing rules themselves (settle window, retry by event, final
 * rejection) are table-tested on the pure policy in {@code deploy.ArrivalRulesTest} and {@code deploy.DeployPolicyTest}.
 */
class FolderArrivalTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void halfWrittenJar_completedInPlaceAfterRejection_deploys() throws Exception {
        fx.start();
        byte[] full = hello("half", "1").toBytes();
        Path jar = fx.watchDir.resolve("half.jar");
        int cut = full.length / 2;
        Files.write(jar, Arrays.copyOf(full, cut));
        awaitRejected(fx, jar);

        Files.write(jar, Arrays.copyOfRange(full, cut, full.length), StandardOpenOption.APPEND);

        fx.awaitVersion("half", "1");
        assertEquals("half 1", result(fx.runtime.<String>submit(JobSpec.of("half", "half.Hello"))));
        assertEquals(1, deployedFrom(fx, jar).size());
        assertEquals(1, DeployKit.rejectedFor(fx, jar).size());
    }

    @Test
    void slowInPlaceWrite_overDeployedVersion_onlyFinalVersionDeploys() throws Exception {
        Path jar = fx.drop("slow.jar", hello("slow", "1"));
        fx.start();
        assertEquals("1", fx.runtime.current().modules().get("slow"));
        byte[] next = hello("slow", "2").resource("slow/padding.bin", noise(256 * 1024)).toBytes();

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeSlowly(jar, next, 4 * 1024));
        writer.get(30, TimeUnit.SECONDS);

        fx.awaitVersion("slow", "2");
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> d.version().equals("2"));
        List<RuntimeEvent.Deployed> deployed = deployedOf(fx, "slow");
        assertEquals(List.of("1", "2"), deployed.stream().map(RuntimeEvent.Deployed::version).toList(),
                "after version 1 on start, only the complete file may deploy");
        assertEquals(List.of(), DeployKit.rejectedFor(fx, jar), "pauses shorter than the settle window are not a rejection");
        assertEquals("slow 2", result(fx.runtime.<String>submit(JobSpec.of("slow", "slow.Hello"))));
    }

    /** Truncates {@code file} and writes {@code bytes} into it {@code chunk} bytes at a time, pausing in between. */
    private static void writeSlowly(Path file, byte[] bytes, int chunk) {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int at = 0; at < bytes.length; at += chunk) {
                out.write(bytes, at, Math.min(chunk, bytes.length - at));
                out.flush();
                LockSupport.parkNanos(Duration.ofMillis(3).toNanos());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void atomicRename_longSettleWindow_deploysWithoutWaitingForIt() {
        fx.start(fx.builder().settleWindow(Duration.ofSeconds(10)));
        long before = System.nanoTime();

        Path jar = fx.drop("quick.jar", hello("quick", "1"));

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> "1".equals(fx.runtime.current().modules().get("quick")));
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(2).toNanos());
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> jar.equals(d.file()));
    }

    @Test
    void hiddenAndNonJarFiles_dropped_ignoredWithoutAnyEvent() throws Exception {
        fx.start();
        byte[] valid = hello("hidden", "1").toBytes();
        Files.write(fx.watchDir.resolve(".hidden.jar"), valid);
        Files.write(fx.watchDir.resolve(".broken.jar"), noise(100));
        Files.write(fx.watchDir.resolve("hidden.zip"), valid);
        Files.write(fx.watchDir.resolve("hidden.jar.part"), valid);
        Files.write(fx.watchDir.resolve("notes.txt"), noise(100));
        Files.write(fx.watchDir.resolve("orphan.jar.sha256"), "not a digest".getBytes());
        Files.createDirectory(fx.watchDir.resolve("folder.jar"));
        // A broken candidate dropped after them: its rejection comes a settle window and several rescans later.
        Path sentinel = fx.watchDir.resolve("sentinel.jar");
        Files.write(sentinel, noise(100));

        awaitRejected(fx, sentinel);

        assertEquals(1, fx.events.size(), () -> "only the sentinel's rejection is expected: " + fx.events);
        assertEquals(0, fx.runtime.current().modules().size());
    }

    @Test
    void hiddenTemporary_renamedIntoPlace_onlyFinalNameDeploys() {
        fx.start();

        Path jar = ModuleJar.writeAtomically(fx.watchDir.resolve("renamed.jar"), hello("renamed", "1").toBytes());

        fx.awaitVersion("renamed", "1");
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> d.module().equals("renamed"));
        assertEquals(List.of(jar), deployedOf(fx, "renamed").stream().map(RuntimeEvent.Deployed::file).toList());
    }
}
