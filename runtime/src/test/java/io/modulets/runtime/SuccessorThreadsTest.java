package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import io.modulets.testshared.Gates;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10 and rule 7 together: when an update re-creates the loader of an unchanged library (its group changed),
 * the old and the new loader serve the same module version with the same class names. Retiring the old one stops
 * the old one's threads only, never the live successor's, though their stack frames name the same classes.
 */
class SuccessorThreadsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private final String id = UUID.randomUUID().toString();

    @AfterEach
    void openGates() {
        Gates.open("old-" + id);
        Gates.open("new-" + id);
        Gates.open("hold-" + id);
        Board.clear(id);
    }

    /** {@code lib.Worker} starts a thread of lib's code that waits on its gate and notes an interrupt on the board. */
    static ModuleJar lib() {
        return ModuleJar.named("lib").version("1")
                .source("lib.Worker", """
                        package lib;
                        import io.modulets.api.*;
                        public class Worker implements Job<String> {
                            public String run(JobContext ctx) {
                                String name = ctx.arg("name");
                                Thread.ofPlatform().daemon().name(name).start(() -> {
                                    try {
                                        io.modulets.testshared.Gates.await(name);
                                    } catch (InterruptedException e) {
                                        io.modulets.testshared.Board.put(ctx.arg("id") + name, "interrupted");
                                    }
                                });
                                return "started";
                            }
                        }
                        """);
    }

    /** {@code app.Hold}, of a module that requires lib, holds its namespace until its gate opens. */
    static ModuleJar app(String version) {
        return ModuleJar.named("app").version(version).requires("lib")
                .source("app.Hold", "package app; public class Hold implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) throws Exception {"
                        + " io.modulets.testshared.Gates.await(ctx.arg(\"gate\")); return \"held\"; } }");
    }

    @Test
    void retire_libraryLoaderReCreatedForItsGroup_onlyTheOldLoadersThreadInterrupted() {
        fx.drop("lib.jar", lib());
        fx.drop("app.jar", app("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(5)));
        NamespaceInfo first = fx.awaitVersion("app", "1");
        assertEquals("started", result(fx.runtime.submit(JobSpec.of("lib", "lib.Worker").withArg("name", "old-" + id).withArg("id", id))));
        JobHandle<String> hold = fx.runtime.submit(JobSpec.of("app", "app.Hold").withArg("gate", "hold-" + id));

        fx.drop("app.jar", app("2")); // lib 1 is unchanged, but its group is not: its loader is re-created
        fx.awaitVersion("app", "2");
        assertEquals("started", result(fx.runtime.submit(JobSpec.of("lib", "lib.Worker").withArg("name", "new-" + id).withArg("id", id))));
        Gates.open("hold-" + id);
        assertEquals("held", result(hold));
        awaitRetired(fx, first.id());

        RuntimeEvent.LoaderRetired retired = fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("lib"));
        assertTrue(retired.undone().contains("interrupted thread 'old-" + id + "' (platform)"), retired.undone()::toString);
        assertTrue(retired.undone().stream().noneMatch(u -> u.contains("new-" + id)), retired.undone()::toString);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("lib") || e.module().equals("app"));
        assertNull(Board.get(id + "new-" + id), "the live successor's thread was interrupted");
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("new-" + id)));
    }
}
