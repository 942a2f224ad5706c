package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.awaitRejected;
import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.noise;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.api.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 5: a module's current version is the most recently arrived file present that declares it. */
class FolderDecidesTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    @Test
    void twoFilesOneModule_newestArrivalWinsThenDeletesFallBackAndRemove() throws Exception {
        fx.start();
        Path older = fx.drop("m-old.jar", hello("m", "2"));
        fx.awaitVersion("m", "2");

        Path newer = fx.drop("m-new.jar", hello("m", "1")); // arrival decides, not the version's value
        fx.awaitVersion("m", "1");

        Files.delete(newer);
        fx.awaitVersion("m", "2");
        RuntimeEvent.Deployed fallBack = fx.awaitEvent(RuntimeEvent.Deployed.class,
                d -> d.version().equals("2") && d.namespace().generation() > 2);
        assertEquals(older, fallBack.file());
        assertEquals("m 2", result(fx.runtime.<String>submit(JobSpec.of("m", "m.Hello"))));

        Files.delete(older);
        RuntimeEvent.Removed removed = fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("m"));
        assertEquals("2", removed.version());
        assertEquals(Map.of(), fx.runtime.current().modules());
        assertEquals(Map.of(), removed.namespace().modules());
    }

    @Test
    void olderFileRenamed_newerFilePresent_currentVersionUnchanged() throws Exception {
        Path older = fx.drop("m-a.jar", hello("m", "1"));
        fx.drop("m-b.jar", hello("m", "2"));
        fx.start();
        fx.awaitVersion("m", "2");
        fx.events.clear();
        String before = fx.runtime.current().id();

        Files.move(older, fx.watchDir.resolve("m-c.jar"), StandardCopyOption.ATOMIC_MOVE);
        settle();

        assertEquals(before, fx.runtime.current().id(), "a rename is not a new arrival");
        assertEquals(0, fx.events.stream().filter(e -> e instanceof RuntimeEvent.Deployed
                || e instanceof RuntimeEvent.Removed).count(), fx.events::toString);
    }

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

    @Test
    void requiredModuleFileDeleted_requirerPresent_staysUntilRequirerLeaves() throws Exception {
        Path base = fx.drop("base.jar", hello("base", "1"));
        Path app = fx.drop("app.jar", hello("app", "1", "base"));
        fx.start();
        assertEquals(Map.of("app", "1", "base", "1"), fx.runtime.current().modules());
        String before = fx.runtime.current().id();

        Files.delete(base);
        settle();

        assertEquals(Map.of("app", "1", "base", "1"), fx.runtime.current().modules());
        assertEquals(before, fx.runtime.current().id(), "nothing changed: no new namespace");
        assertEquals(List.of(), removals());
        assertEquals("app 1", result(fx.runtime.<String>submit(JobSpec.of("app", "app.Hello"))));
        assertEquals("base 1", result(fx.runtime.<String>submit(JobSpec.of("base", "base.Hello"))));

        Files.delete(app);

        fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("base"));
        assertEquals(List.of("app", "base"), removals().stream().map(RuntimeEvent.Removed::module).sorted().toList());
        assertEquals(Map.of(), fx.runtime.current().modules());
    }

    @Test
    void requiredModuleHeld_requirerUpdatedWithoutTheRequirement_heldModuleRemoved() throws Exception {
        Path base = fx.drop("base.jar", hello("base", "1"));
        fx.drop("app.jar", hello("app", "1", "base"));
        fx.start();
        Files.delete(base);
        settle();
        assertEquals("1", fx.runtime.current().modules().get("base"));

        fx.drop("app.jar", hello("app", "2"));

        fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("base"));
        assertEquals(Map.of("app", "2"), fx.runtime.current().modules());
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
