package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.HostPool;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10: ThreadLocal values a retired version left on a host's thread (a pool thread that outlives every
 * version) are cleared when its loader retires, whether the ThreadLocal is the module's or the host's.
 */
class ThreadLocalsTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets.reaper");

    /**
     * {@code tl.Leave} has the host's pool run a task that sets the module's own ThreadLocal to an object of its
     * class, and leaves one of its objects in the host's ThreadLocal too.
     */
    static ModuleJar module(String version) {
        return ModuleJar.named("tl").version(version)
                .source("tl.Token", "package tl; public final class Token { }")
                .source("tl.Leave", """
                        package tl;
                        import io.modulets.api.*;
                        public class Leave implements Job<String> {
                            static final ThreadLocal<Token> MINE = new ThreadLocal<>();
                            public String run(JobContext ctx) {
                                io.modulets.testshared.HostPool.run(() -> MINE.set(new Token()));
                                if (ctx.arg("host") != null) {
                                    io.modulets.testshared.HostPool.remember(new Token());
                                }
                                return "left";
                            }
                        }
                        """);
    }

    @Test
    void threadLocals_moduleAndHostThreadLocalsOnAHostPoolThread_clearedAndCollected() {
        fx.drop("tl.jar", module("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(3)));
        NamespaceInfo first = fx.awaitVersion("tl", "1");
        assertEquals("left", result(fx.runtime.submit(JobSpec.of("tl", "tl.Leave").withArg("host", "yes"))));
        assertTrue(HostPool.remembersSomething());

        fx.drop("tl.jar", module("2"));
        fx.awaitVersion("tl", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LoaderRetired retired = fx.awaitEvent(RuntimeEvent.LoaderRetired.class,
                e -> e.module().equals("tl") && e.version().equals("1"));
        assertTrue(retired.undone().contains("cleared value of ThreadLocal java.lang.ThreadLocal of a tl.Token on thread"
                + " 'host-pool' (platform)"), retired.undone().toString());
        assertEquals(2, retired.undone().stream().filter(u -> u.startsWith("cleared value of ThreadLocal")).count(),
                retired.undone().toString());
        logs.awaitLine(Level.INFO, "undone for retired tl 1: cleared value of ThreadLocal");
        RuntimeEvent verdict = fx.awaitEvent(RuntimeEvent.class, e -> e instanceof RuntimeEvent.Collected c && c.module().equals("tl")
                || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals("tl"));
        assertTrue(verdict instanceof RuntimeEvent.Collected, "tl 1 was not collected: " + verdict);
        assertFalse(HostPool.remembersSomething(), "the host's ThreadLocal still gives the retired version's object");
    }
}
