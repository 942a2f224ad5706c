package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 6, checked at deploy: a module whose code refers to a package that nothing it can see provides is deployed
 * with one WARN naming the package and a class that uses it, so the {@code NoClassDefFoundError} it would meet in a
 * job shows at deploy. What it can see is what its loader loads: the platform layer, its own jar and its
 * requires-closure.
 */
class MissingPackagesWarningTest {

    @TempDir
    Path root;
    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");

    Path build;

    @BeforeEach
    void setUp() throws Exception {
        build = Files.createDirectories(root.resolve("build"));
    }

    /** A job class {@code className} whose {@code run} returns {@code expression}. */
    private static String job(String className, String expression) {
        int dot = className.lastIndexOf('.');
        return """
                package %s;
                public class %s implements io.modulets.api.Job<Object> {
                    public Object run(io.modulets.api.JobContext ctx) { return %s; }
                }
                """.formatted(className.substring(0, dot), className.substring(dot + 1), expression);
    }

    private static ModuleJar library(String name, String version, String... classes) {
        ModuleJar jar = ModuleJar.named(name).version(version);
        for (String className : classes) {
            int dot = className.lastIndexOf('.');
            jar.source(className, "package " + className.substring(0, dot) + "; public class "
                    + className.substring(dot + 1) + " { public static String value() { return \"" + className + " "
                    + version + "\"; } }");
        }
        return jar;
    }

    /** The WARN lines of the deploy-time check about {@code module} at {@code version}. */
    private List<LogLines.Line> warningsAbout(String module, String version) {
        return logs.matching(Level.WARNING, "module " + module + " " + version + " (").stream()
                .filter(line -> line.category().equals("io.modulets.deploy")).toList();
    }

    @Test
    void deploy_codeRefersToAPackageNothingProvides_deployedWithOneWarnNamingItAndAClassThatUsesIt() {
        Path dep = library("dep", "1", "dep.Dep").writeTo(build.resolve("dep.jar")); // compiled against, never dropped
        fx.drop("app.jar", ModuleJar.named("app").version("1").compileAgainst(dep)
                .source("app.Plain", job("app.Plain", "\"plain\""))
                .source("app.UsesDep", job("app.UsesDep", "dep.Dep.value()")));

        fx.start();

        List<LogLines.Line> warnings = warningsAbout("app", "1");
        assertEquals(1, warnings.size(), logs.warnings()::toString);
        String line = warnings.getFirst().message();
        assertTrue(line.contains("refers to a package that nothing it can see provides: dep (used by app.UsesDep)"), line);
        assertTrue(line.contains("add the module that provides it to Modulet-Requires, bundle it under lib/, or drop it"
                + " into the folder"), line);
        assertEquals("1", fx.runtime.current().modules().get("app"), "deployed all the same");
        assertEquals("plain", result(fx.runtime.submit(JobSpec.of("app", "app.Plain"))));
        Throwable failure = assertThrows(Throwable.class, () -> result(fx.runtime.submit(JobSpec.of("app", "app.UsesDep"))));
        assertTrue(causes(failure).stream().anyMatch(NoClassDefFoundError.class::isInstance), () -> causes(failure).toString());
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    @Test
    void deploy_referencesToTheJdkThePlatformAndTheRequiresClosureOnly_noWarn() {
        Path base = library("base", "1", "base.Base").writeTo(build.resolve("base.jar"));
        Path mid = library("mid", "1", "mid.Mid").requires("base").writeTo(build.resolve("mid.jar"));
        Path dep = library("dep", "1", "dep.Dep").writeTo(build.resolve("dep.jar"));
        fx.drop("base.jar", library("base", "1", "base.Base"));
        fx.drop("mid.jar", library("mid", "1", "mid.Mid").requires("base"));
        fx.drop("app.jar", ModuleJar.named("app").version("1").requires("mid").compileAgainst(base, mid)
                .source("app.Sees", job("app.Sees", """
                        java.util.List.of(mid.Mid.value(), base.Base.value(), // its requires-closure
                                new java.util.concurrent.ConcurrentHashMap<String, String>().toString(), // the JDK
                                io.smallrye.mutiny.Uni.createFrom().item(1).await().indefinitely(), // Mutiny
                                org.jboss.logging.Logger.getLogger("app").getName(), // JBoss Logging
                                io.modulets.testshared.Gates.class.getName()) // a configured shared package
                        """)));
        fx.drop("other.jar", ModuleJar.named("other").version("1").compileAgainst(dep)
                .source("other.UsesDep", job("other.UsesDep", "dep.Dep.value()")));

        fx.start();

        assertEquals(List.of(), warningsAbout("app", "1"), logs.warnings()::toString);
        assertEquals(List.of(), warningsAbout("mid", "1"), logs.warnings()::toString);
        assertEquals(1, warningsAbout("other", "1").size(), "the same deploy does warn about a module that misses one: "
                + logs.warnings());
        assertEquals(List.of("mid.Mid 1", "base.Base 1", "{}", 1, "app", "io.modulets.testshared.Gates"),
                result(fx.runtime.submit(JobSpec.of("app", "app.Sees"))));
    }

    @Test
    void deploy_closureChangesUnderAModule_warnsAgainOnlyWhenWhatItMissesChanges() {
        Path withExtra = library("lib", "2", "lib.Lib", "extra.Extra").writeTo(build.resolve("lib-2.jar"));
        fx.drop("lib.jar", library("lib", "1", "lib.Lib"));
        fx.drop("app.jar", ModuleJar.named("app").version("1").requires("lib").compileAgainst(withExtra)
                .source("app.UsesExtra", job("app.UsesExtra", "extra.Extra.value()")));
        fx.start();
        assertEquals(1, warningsAbout("app", "1").size(), logs.warnings()::toString);
        assertTrue(warningsAbout("app", "1").getFirst().message().contains("extra (used by app.UsesExtra)"));

        dropLib("1.1", "lib.Lib"); // app's loader is new (its closure changed), what it misses is not
        assertEquals(1, warningsAbout("app", "1").size(), () -> "not repeated: " + logs.warnings());

        dropLib("2", "lib.Lib", "extra.Extra"); // its closure provides the package now
        assertEquals(1, warningsAbout("app", "1").size(), () -> "nothing missing, nothing to say: " + logs.warnings());
        assertEquals("extra.Extra 2", result(fx.runtime.submit(JobSpec.of("app", "app.UsesExtra"))));

        dropLib("3", "lib.Lib"); // and takes it away again
        assertEquals(2, warningsAbout("app", "1").size(), logs.warnings()::toString);
    }

    @Test
    void deploy_moduleBackOnTheLoaderAnOlderNamespaceKept_laterClosureChange_notReportedAgain() throws Exception {
        Path withExtra = library("lib", "2", "lib.Lib", "extra.Extra").writeTo(build.resolve("lib-2.jar"));
        byte[] app = ModuleJar.named("app").version("1").requires("lib").compileAgainst(withExtra)
                .source("app.UsesExtra", job("app.UsesExtra", "extra.Extra.value()"))
                .source("app.Waits", """
                        package app;
                        public class Waits implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                io.modulets.testshared.Gates.await(ctx.args().get("gate"));
                                return "done";
                            }
                        }
                        """)
                .toBytes();
        fx.drop("lib.jar", library("lib", "1", "lib.Lib"));
        Path appFile = ModuleJar.writeAtomically(fx.watchDir.resolve("app.jar"), app);
        fx.start();
        String gate = "missing-" + UUID.randomUUID();
        JobHandle<String> holder = fx.runtime.submit(JobSpec.of("app", "app.Waits").withArg("gate", gate)); // keeps app's loader live

        Files.delete(appFile);
        fx.awaitEvent(RuntimeEvent.Removed.class, r -> r.module().equals("app"));
        ModuleJar.writeAtomically(appFile, app); // the same bytes: the kept loader serves them again
        fx.awaitVersion("app", "1");
        dropLib("1.1", "lib.Lib"); // a new loader for app, missing what it missed

        assertEquals(1, warningsAbout("app", "1").size(), logs.warnings()::toString);
        Gates.open(gate);
        assertEquals("done", result(holder));
    }

    /** Replaces the lib module's file with {@code version} of it and waits until that version is deployed. */
    private void dropLib(String version, String... classes) {
        fx.drop("lib.jar", library("lib", version, classes));
        // the check logs before the Deployed event is published: once it is seen, every line of that deploy is in
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> d.module().equals("lib") && d.version().equals(version));
    }

    @Test
    void deploy_bundledJarRefersToAPackageNothingProvides_warnNamesTheBundledClass() {
        Path dep = library("dep", "1", "dep.Dep").writeTo(build.resolve("dep.jar")); // compiled against, never dropped
        byte[] helper = ModuleJar.named("helper").withoutIdentityHeaders().compileAgainst(dep)
                .source("helper.UsesDep", "package helper; public class UsesDep { public static String value() {"
                        + " return dep.Dep.value(); } }").toBytes();
        fx.drop("app.jar", ModuleJar.named("app").version("1")
                .source("app.Plain", job("app.Plain", "\"plain\""))
                .resource("lib/helper.jar", helper));

        fx.start();

        List<LogLines.Line> warnings = warningsAbout("app", "1");
        assertEquals(1, warnings.size(), () -> "one WARN for the bundled code's missing package: " + logs.all());
        assertTrue(warnings.getFirst().message().contains("dep (used by helper.UsesDep)"), warnings.getFirst().toString());
        assertEquals("plain", result(fx.runtime.submit(JobSpec.of("app", "app.Plain"))));
    }
}
