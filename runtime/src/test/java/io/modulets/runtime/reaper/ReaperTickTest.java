package io.modulets.runtime.reaper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.modulets.api.Job;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.NamespaceRegistry;
import io.modulets.runtime.namespace.PlatformLayer;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 10: the reaper's verification goes on after a failure; one exception must not end it for good. */
class ReaperTickTest {

    @TempDir
    Path dir;

    @Test
    void tick_clockThrowsOnce_laterTicksStillReportCollected() throws Exception {
        Path jar = ModuleJar.named("tick").version("1").source("tick.T", "package tick; public class T {}").writeTo(dir.resolve("tick.jar"));
        NamespaceFactory factory = new NamespaceFactory(new PlatformLayer(Job.class.getClassLoader(), List.of()));
        EventHub<RuntimeEvent> events = new EventHub<>(null);
        List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
        events.stream().subscribe().with(seen::add);
        Reaper[] reaper = new Reaper[1];
        NamespaceRegistry registry = new NamespaceRegistry(factory.empty(), ns -> {
            reaper[0].retiredLater(ns);
            reaper[0].handleRetired();
        });
        AtomicInteger calls = new AtomicInteger();
        LongSupplier clock = () -> {
            if (calls.incrementAndGet() == 3) { // the first tick that has a loader to check
                throw new IllegalStateException("clock broke once, on purpose");
            }
            return System.nanoTime();
        };
        reaper[0] = new Reaper(registry, events, () -> { }, Duration.ofSeconds(30), true, clock);
        ModuleVersion tick = new ModuleVersion("tick", "1", List.of(), "d1", jar, Set.of("tick"));
        registry.promote(factory.create(Map.of("tick", tick), registry.live()));
        registry.promote(factory.create(Map.of(), registry.live())); // retires the namespace of tick 1 (no lease)

        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
        try {
            control.scheduleWithFixedDelay(reaper[0]::tick, 0, 20, TimeUnit.MILLISECONDS); // as the runtime schedules it
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
                System.gc();
                return seen.stream().anyMatch(e -> e instanceof RuntimeEvent.Collected c && c.module().equals("tick"));
            });
        } finally {
            control.shutdownNow();
        }
    }

    @Test
    void retired_emptyNamespace_notReported() {
        NamespaceFactory factory = new NamespaceFactory(new PlatformLayer(Job.class.getClassLoader(), List.of()));
        EventHub<RuntimeEvent> events = new EventHub<>(null);
        List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
        events.stream().subscribe().with(seen::add);
        Namespace empty = factory.empty();
        NamespaceRegistry registry = new NamespaceRegistry(empty, ns -> { });
        Reaper reaper = new Reaper(registry, events, () -> { }, Duration.ofSeconds(30), false, System::nanoTime);

        reaper.retiredLater(empty);
        assertDoesNotThrow(reaper::handleRetired);
        RuntimeEvent marker = new RuntimeEvent.Removed(java.time.Instant.now(), "marker", "1", empty.info());
        events.publish(marker); // delivered after anything the reaper published before it
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(() -> seen.contains(marker));

        org.junit.jupiter.api.Assertions.assertEquals(List.of(marker), seen, "the empty namespace a runtime begins with was reported retired");
    }
}
