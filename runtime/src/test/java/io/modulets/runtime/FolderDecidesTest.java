package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.awaitRejected;
import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 5 at the seam with a real folder: renames that inotify reports as a delete and a create, in one read of the
 * watch service or in two, never make a module leave. The rule itself (arrival decides, fallback, held modules) is
 * table-tested on the pure policy in {@code deploy.DeployPolicyTest}.
 */
class FolderDecidesTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void fileRenamedBackAndForth_manyTimes_moduleNeverLeaves() throws Exception {
        Path a = fx.drop("m-a.jar", hello("m", "1"));
        Path b = fx.watchDir.resolve("m-b.jar");
        fx.start();
        fx.events.clear();
        String before = fx.runtime.current().id();

        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                move(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a);
                LockSupport.parkNanos(Duration.ofMillis(30).toNanos()); // the renamer's pace, not a wait for the runtime
            }
        }).get(30, TimeUnit.SECONDS);
        settle();

        assertEquals(List.of(), removals());
        assertEquals(before, fx.runtime.current().id());
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Waits until every change made so far has been seen: a broken jar dropped now is rejected only after the
     * settle window, by a rescan that comes after several others.
     */
    private void settle() throws Exception {
        Path sentinel = Files.write(fx.watchDir.resolve("sentinel-" + System.nanoTime() + ".jar"), noise(50));
        awaitRejected(fx, sentinel);
    }

    private List<RuntimeEvent.Removed> removals() {
        return fx.events.stream().filter(RuntimeEvent.Removed.class::isInstance).map(RuntimeEvent.Removed.class::cast).toList();
    }
}
