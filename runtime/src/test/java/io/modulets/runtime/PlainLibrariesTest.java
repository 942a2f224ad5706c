package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules 1, 4 and 5 with real library jars as they come from Maven Central: a plain library's requires come from
 * its embedded Maven metadata, and follow the folder; and what the deploy side says about shaded duplicates,
 * identical re-drops, {@code Class-Path} headers and requires nothing provides.
 */
class PlainLibrariesTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");

    @TempDir
    Path scratch;

    /** Module {@code app} requiring only jackson-databind: a job that writes an app record as JSON. */
    private static ModuleJar jsonApp() {
        return jsonApp("jackson-databind");
    }

    /** Module {@code app} requiring {@code requires}: a job that writes an app record as JSON with Jackson. */
    private static ModuleJar jsonApp(String... requires) {
        return ModuleJar.named("app").version("1").requires(requires)
                .compileAgainst(RealLibraries.jar("jackson-databind"), RealLibraries.jar("jackson-core"),
                        RealLibraries.jar("jackson-annotations"))
                .source("app.ToJson", """
                        package app;
                        import io.modulets.api.*;
                        public class ToJson implements Job<String> {
                            public record Order(String item, int quantity) {
                            }
                            public String run(JobContext ctx) throws Exception {
                                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new Order("apple", 3));
                            }
                        }
                        """);
    }

    /**
     * Module {@code cache} requiring guava: a job that builds a {@code LoadingCache} and reads it, or returns the
     * {@link LinkageError} it met.
     */
    private static ModuleJar cacheApp() {
        return ModuleJar.named("cache").version("1").requires("guava")
                .compileAgainst(RealLibraries.jar("guava"))
                .source("cache.Cached", """
                        package cache;
                        import com.google.common.cache.*;
                        import io.modulets.api.*;
                        public class Cached implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                try {
                                    LoadingCache<String, Integer> lengths = CacheBuilder.newBuilder().maximumSize(10)
                                            .build(CacheLoader.from(String::length));
                                    return "length " + lengths.get("modulets");
                                } catch (LinkageError e) {
                                    return e.getClass().getName() + ": " + e.getMessage();
                                }
                            }
                        }
                        """);
    }

    private String cached() {
        return result(fx.runtime.<String>submit(JobSpec.of("cache", "cache.Cached")));
    }

    @Test
    void jackson_databindCoreAndAnnotationsDroppedAsTheyCome_appRequiringOnlyDatabindWritesJson() {
        RealLibraries.dropInto(fx.watchDir, "jackson-databind");
        RealLibraries.dropInto(fx.watchDir, "jackson-core");
        RealLibraries.dropInto(fx.watchDir, "jackson-annotations");
        fx.drop("app.jar", jsonApp());

        fx.start();

        assertEquals("{\"item\":\"apple\",\"quantity\":3}", result(fx.runtime.<String>submit(JobSpec.of("app", "app.ToJson"))));
        assertEquals(List.of(), logs.warnings(), "Jackson as it comes gives no deploy-time warning");
    }

    @Test
    void guava_withFailureaccessDropped_loadingCacheWorks() {
        RealLibraries.dropInto(fx.watchDir, "guava");
        RealLibraries.dropInto(fx.watchDir, "failureaccess");
        fx.drop("cache.jar", cacheApp());

        fx.start();

        assertEquals("length 8", cached());
        assertEquals(List.of(), logs.warnings(),
                "Guava's annotation-only references (errorprone, j2objc, jsr305, checker) make no noise");
    }

    @Test
    void guava_droppedBeforeFailureaccess_cacheFailsUntilItArrivesThenANewJobsWorks() {
        RealLibraries.dropInto(fx.watchDir, "guava");
        fx.drop("cache.jar", cacheApp());
        fx.start();
        LogLines.Line atDeploy = logs.awaitLine(Level.WARNING, "module guava 33.5.0-jre (");
        assertTrue(atDeploy.message().contains("com.google.common.util.concurrent.internal (used by com.google.common."),
                "the failure shows at deploy, naming the package and a class that uses it: " + atDeploy);
        String before = cached();
        assertTrue(before.contains("InternalFutureFailureAccess"), before);

        RealLibraries.dropInto(fx.watchDir, "failureaccess");
        fx.awaitVersion("failureaccess", "1.0.3");

        assertEquals("length 8", cached(), "guava's loader must be re-created once what its pom names is present");
    }

    @Test
    void shaded_jarAndItsThinOriginalDeclareTheSameVersion_oneWarningNamingBothAndTheCurrentOne() {
        ModuleJar shout = ModuleJar.named("shout").version("1")
                .source("shout.Shout", "package shout; public class Shout { public static String of(String s) { return s.toUpperCase(); } }");
        Path shoutJar = shout.writeTo(scratch.resolve("shout-1.jar"));
        String job = """
                package app;
                import io.modulets.api.*;
                public class Hello implements Job<String> {
                    public String run(JobContext ctx) { return shout.Shout.of("hello"); }
                }
                """;
        ModuleJar shaded = ModuleJar.named("app").version("1.0").source("app.Hello", job)
                .source("shout.Shout", "package shout; public class Shout { public static String of(String s) { return s.toUpperCase(); } }");
        ModuleJar thin = ModuleJar.named("app").version("1.0").source("app.Hello", job).compileAgainst(shoutJar);
        fx.start();
        Path shadedFile = fx.drop("app-1.0.jar", shaded);
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> shadedFile.equals(d.file()));

        Path thinFile = fx.drop("original-app-1.0.jar", thin); // what `cp target/*.jar` does, in name order

        LogLines.Line warning = logs.awaitLine(Level.WARNING, "declare module app 1.0 with different bytes");
        assertTrue(warning.message().contains("app-1.0.jar (" + sha256(shaded.toBytes()).substring(0, 12) + ")"), warning.message());
        assertTrue(warning.message().contains("original-app-1.0.jar is current"), warning.message());
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> thinFile.equals(d.file()));
        fx.drop("other.jar", hello("other", "1"));
        fx.awaitVersion("other", "1");
        assertEquals(1, logs.matching(Level.WARNING, "with different bytes").size(), () -> logs.warnings().toString());
    }

    @Test
    void shaded_realJacksonShadedIn_worksAndUnloads_theThinOriginalBesideItIsNamedInOneWarning() throws Exception {
        byte[] thin = jsonApp(new String[0]).toBytes(); // maven-shade-plugin's original-*.jar: the app alone
        byte[] shaded = DeployKit.merge(thin, bytesOf("jackson-databind"), bytesOf("jackson-core"),
                bytesOf("jackson-annotations"));
        fx.start();
        Path shadedFile = ModuleJar.writeAtomically(fx.watchDir.resolve("app-1.jar"), shaded);
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> shadedFile.equals(d.file()));
        assertEquals("{\"item\":\"apple\",\"quantity\":3}", result(fx.runtime.<String>submit(JobSpec.of("app", "app.ToJson"))));

        Path thinFile = ModuleJar.writeAtomically(fx.watchDir.resolve("original-app-1.jar"), thin); // `cp target/*.jar`

        LogLines.Line warning = logs.awaitLine(Level.WARNING, "declare module app 1 with different bytes");
        assertTrue(warning.message().contains("app-1.jar (" + sha256(shaded).substring(0, 12) + ")"), warning.message());
        assertTrue(warning.message().contains("original-app-1.jar is current"), warning.message());
        fx.awaitEvent(RuntimeEvent.Deployed.class, d -> thinFile.equals(d.file()));
        fx.awaitEvent(RuntimeEvent.Collected.class, c -> c.module().equals("app")); // the shaded version unloads
    }

    private static byte[] bytesOf(String artifactId) throws java.io.IOException {
        return Files.readAllBytes(RealLibraries.jar(artifactId));
    }

    @Test
    void identicalBytes_writtenAgainOrCopied_oneInfoLineEachAndNoNewNamespace() throws Exception {
        Path file = fx.drop("app.jar", hello("app", "1"));
        fx.start();
        NamespaceInfo before = fx.runtime.current();
        byte[] bytes = Files.readAllBytes(file);
        String shortDigest = sha256(bytes).substring(0, 12);

        ModuleJar.writeAtomically(file, bytes);
        logs.awaitLine(Level.INFO, "app.jar was written again with the same bytes (app 1, " + shortDigest + "): nothing changed");
        ModuleJar.writeAtomically(fx.watchDir.resolve("app-copy.jar"), bytes);
        logs.awaitLine(Level.INFO, "app-copy.jar holds the same bytes as app.jar (app 1, " + shortDigest + "): nothing changed");

        JobTestSupport.awaitControlThreadCaughtUp(fx); // a new module: the next namespace
        assertEquals(1, DeployKit.deployedOf(fx, "app").size(), fx.events::toString);
        assertEquals(before.generation() + 1, fx.runtime.current().generation(), "no namespace for the same bytes");
        assertEquals(before.digests().get("app"), fx.runtime.current().digestOf("app"));
    }

    @Test
    void classPathHeader_warnedOnceSayingItIsNotFollowedAndWhatToDoInstead() throws Exception {
        fx.start();
        Path file = fx.drop("app.jar", hello("app", "1").header("Class-Path", "lib/a.jar lib/b.jar"));
        LogLines.Line warning = logs.awaitLine(Level.WARNING, "Class-Path");

        ModuleJar.writeAtomically(file, Files.readAllBytes(file)); // the same bytes again: no second warning
        logs.awaitLine(Level.INFO, "app.jar was written again with the same bytes");

        for (String part : List.of("app.jar", "lib/a.jar lib/b.jar", "not followed", "store is the truth",
                "under lib/ inside the module jar", "drop them into the folder as modules")) {
            assertTrue(warning.message().contains(part), () -> "should say '" + part + "': " + warning.message());
        }
        assertEquals(1, logs.matching(Level.WARNING, "Class-Path").size(), () -> logs.warnings().toString());
        assertEquals("app 1", result(fx.runtime.<String>submit(JobSpec.of("app", "app.Hello"))));
    }

    @Test
    void classPathHeader_realJacksonBesideTheJar_warnedThatItIsNotFollowedAndWhatIsMissingIsNamedAtDeploy()
            throws Exception {
        Path lib = Files.createDirectories(fx.watchDir.resolve("lib")); // beside the jar, as Class-Path means
        String classPath = String.join(" ", List.of("jackson-databind", "jackson-core", "jackson-annotations").stream()
                .map(artifact -> "lib/" + RealLibraries.dropInto(lib, artifact).getFileName()).toList());
        fx.start();

        fx.drop("app.jar", jsonApp(new String[0]).header("Class-Path", classPath)); // requires nothing

        LogLines.Line notFollowed = logs.awaitLine(Level.WARNING, "Class-Path");
        assertTrue(notFollowed.message().contains("lib/jackson-databind-2.18.2.jar"), notFollowed.message());
        LogLines.Line missing = logs.awaitLine(Level.WARNING, "module app 1 (");
        assertTrue(missing.message().contains("com.fasterxml.jackson.databind (used by app.ToJson)"), missing.message());
        String failure = assertThrows(RuntimeException.class,
                () -> result(fx.runtime.<String>submit(JobSpec.of("app", "app.ToJson")))).toString();
        assertTrue(failure.contains("com/fasterxml/jackson/databind"), failure);
    }

    @Test
    void requires_twoModulesNothingProvides_rejectedNamingBoth() {
        fx.start();

        Path file = fx.drop("app.jar", hello("app", "1", "alpha", "beta"));

        DeployKit.awaitRejected(fx, file);
        DeployKit.assertRejectedOnly(fx, file, "'alpha' and 'beta'", "add those modules first");
    }
}
