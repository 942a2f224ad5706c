package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Rules 6 and 7: requires resolve in the job's snapshot; loaders are shared exactly when their group (modules linked by requires) is unchanged. */
class RequiresSnapshotTest {

    @TempDir
    Path root;
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    Path build;

    @BeforeEach
    void setUp() throws Exception {
        build = Files.createDirectories(root.resolve("build"));
    }


    static ModuleJar lib(String version) {
        return ModuleJar.named("lib").version(version)
                .source("lib.Lib", "package lib; public class Lib { public static String value() { return \"lib-" + version + "\"; } }");
    }

    /** {@code app.AppJob} waits for its optional gate, then returns {@code lib.Lib.value()}. */
    ModuleJar app(String version) {
        return ModuleJar.named("app").version(version).requires("lib")
                .compileAgainst(lib("1").writeTo(build.resolve("lib-1.jar")))
                .source("app.AppJob", """
                        package app;
                        import io.modulets.api.*;
                        public class AppJob implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) io.modulets.testshared.Gates.await(gate);
                                return lib.Lib.value();
                            }
                        }
                        """);
    }

    /** {@code <name>.Self} returns its own class, so a test can see which loader served it. */
    static ModuleJar self(String name, String version) {
        return ModuleJar.named(name).version(version)
                .source(name + ".Self", "package " + name + "; public class Self implements io.modulets.api.Job<Class<?>> {"
                        + " public Class<?> run(io.modulets.api.JobContext ctx) { return Self.class; } }");
    }

    @Test
    void submit_requiredModuleUpdatedWhileJobRuns_jobKeepsOldLibNewJobGetsNewLib() {
        String gate = "requires-" + UUID.randomUUID();
        fx.drop("lib.jar", lib("1"));
        fx.drop("app.jar", app("1"));
        fx.start();
        fx.awaitVersion("app", "1");
        JobHandle<String> old = fx.runtime.submit(JobSpec.of("app", "app.AppJob").withArg("gate", gate));

        fx.drop("lib.jar", lib("2"));
        fx.awaitVersion("lib", "2");
        JobHandle<String> fresh = fx.runtime.submit(JobSpec.of("app", "app.AppJob"));

        assertEquals("lib-2", result(fresh));
        Gates.open(gate); // the old job loads lib.Lib only now, after the update
        assertEquals("lib-1", result(old));
        assertEquals("1", old.namespace().modules().get("lib"));
        assertEquals("1", fresh.namespace().modules().get("app"));
    }

    @Test
    void promote_unrelatedModuleUpdated_loaderReused() {
        fx.drop("a.jar", self("a", "1"));
        fx.drop("b.jar", self("b", "1"));
        fx.start();
        fx.awaitVersion("b", "1");
        JobHandle<Class<?>> before = fx.runtime.submit(JobSpec.of("a", "a.Self"));
        Class<?> a1 = result(before);
        Class<?> b1 = result(fx.runtime.<Class<?>>submit(JobSpec.of("b", "b.Self")));

        fx.drop("b.jar", self("b", "2"));
        fx.awaitVersion("b", "2");
        JobHandle<Class<?>> after = fx.runtime.submit(JobSpec.of("a", "a.Self"));
        Class<?> b2 = result(fx.runtime.<Class<?>>submit(JobSpec.of("b", "b.Self")));

        assertNotEquals(before.namespace().id(), after.namespace().id());
        assertSame(a1, result(after), "updating b re-created the loader of the unrelated module a");
        assertNotSame(b1, b2, "b's new version was served by its old loader");
    }

    @Test
    void promote_requiredModuleUpdated_loaderOfRequiringModuleRecreated() {
        fx.drop("lib.jar", lib("1"));
        fx.drop("app.jar", ModuleJar.named("app").version("1").requires("lib")
                .source("app.Self", "package app; public class Self implements io.modulets.api.Job<Class<?>> {"
                        + " public Class<?> run(io.modulets.api.JobContext ctx) { return Self.class; } }"));
        fx.drop("other.jar", self("other", "1"));
        fx.start();
        fx.awaitVersion("app", "1");
        Class<?> app1 = result(fx.runtime.<Class<?>>submit(JobSpec.of("app", "app.Self")));
        Class<?> other1 = result(fx.runtime.<Class<?>>submit(JobSpec.of("other", "other.Self")));

        fx.drop("lib.jar", lib("2"));
        fx.awaitVersion("lib", "2");
        Class<?> app2 = result(fx.runtime.<Class<?>>submit(JobSpec.of("app", "app.Self")));

        assertNotSame(app1, app2, "app requires lib, so a new lib needs a new app loader");
        assertSame(other1, result(fx.runtime.<Class<?>>submit(JobSpec.of("other", "other.Self"))));
        assertEquals("1", fx.runtime.current().modules().get("app"));
    }

    /** {@code <name>.Seen} returns the class {@code lib.Lib} as its module sees it. */
    ModuleJar libUser(String name, String version) {
        return ModuleJar.named(name).version(version).requires("lib")
                .compileAgainst(lib("1").writeTo(build.resolve("lib-1.jar")))
                .source(name + ".Seen", "package " + name + "; public class Seen implements io.modulets.api.Job<Class<?>> {"
                        + " public Class<?> run(io.modulets.api.JobContext ctx) { return lib.Lib.class; } }");
    }

    @Test
    void promote_oneUserOfSharedLibraryUpdated_libraryAndOtherUserRecreatedUnrelatedModuleReused() {
        fx.drop("lib.jar", lib("1"));
        fx.drop("a.jar", libUser("a", "1"));
        fx.drop("b.jar", libUser("b", "1"));
        fx.drop("other.jar", self("other", "1"));
        fx.start();
        fx.awaitVersion("b", "1");
        Class<?> libOfB1 = result(fx.runtime.<Class<?>>submit(JobSpec.of("b", "b.Seen")));
        Class<?> other1 = result(fx.runtime.<Class<?>>submit(JobSpec.of("other", "other.Self")));

        fx.drop("a.jar", libUser("a", "2"));
        fx.awaitVersion("a", "2");
        Class<?> libOfA2 = result(fx.runtime.<Class<?>>submit(JobSpec.of("a", "a.Seen")));
        Class<?> libOfB2 = result(fx.runtime.<Class<?>>submit(JobSpec.of("b", "b.Seen")));

        assertNotSame(libOfB1, libOfB2, "lib's loader outlived a's old version, whose classes it may hold");
        assertSame(libOfA2, libOfB2, "a and b see two different lib loaders in one namespace");
        assertNotSame(libOfB1.getClassLoader(), libOfB2.getClassLoader());
        assertEquals("1", fx.runtime.current().modules().get("b"));
        assertSame(other1, result(fx.runtime.<Class<?>>submit(JobSpec.of("other", "other.Self"))),
                "updating a re-created the loader of other, which shares nothing with it");
    }
}
