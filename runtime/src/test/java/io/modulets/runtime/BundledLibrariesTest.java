package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 1 and rule 6 for jars a module bundles under {@code lib/}: the module's loader serves them after its own jar,
 * in the order of their names, deflated (as Maven nests them) or stored (as Spring Boot does); they are private to
 * the module; each is validated and kept in the store by its own digest, for as long as a loader may read it.
 * Then the same with real libraries from Maven Central.
 */
class BundledLibrariesTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();
    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets");

    /** A plain library jar (no module headers) of the given sources. */
    private static byte[] library(Map<String, String> sources) {
        ModuleJar jar = ModuleJar.named("lib").withoutIdentityHeaders();
        sources.forEach(jar::source);
        return jar.toBytes();
    }

    /** A library whose class {@code className} has {@code static String who()} returning {@code who}. */
    private static byte[] whoLibrary(String className, String who) {
        int dot = className.lastIndexOf('.');
        return library(Map.of(className, "package " + className.substring(0, dot) + "; public class "
                + className.substring(dot + 1) + " { public static String who() { return \"" + who + "\"; } }"));
    }

    /** {@code bytes} written under the test's root (outside the watched folder), to compile module code against. */
    private Path onDisk(String name, byte[] bytes) {
        try {
            Path file = fx.root.resolve("libs").resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path storeFile(byte[] jar) {
        return fx.stateDir.resolve("store").resolve(sha256(jar) + ".jar");
    }

    @Test
    void bundledJars_deflatedAndStored_theirClassesAreTheModulesOwnFromTheirStoreFiles() {
        byte[] a = whoLibrary("liba.A", "a");
        byte[] b = whoLibrary("libb.B", "b");
        fx.drop("app.jar", ModuleJar.named("app").version("1")
                .compileAgainst(onDisk("a.jar", a), onDisk("b.jar", b))
                .source("app.Use", """
                        package app;
                        import io.modulets.api.*;
                        public class Use implements Job<java.util.List<String>> {
                            public java.util.List<String> run(JobContext ctx) {
                                ClassLoader mine = Use.class.getClassLoader();
                                return java.util.List.of(liba.A.who() + libb.B.who(),
                                        String.valueOf(liba.A.class.getClassLoader() == mine && libb.B.class.getClassLoader() == mine),
                                        liba.A.class.getProtectionDomain().getCodeSource().getLocation().toString(),
                                        libb.B.class.getProtectionDomain().getCodeSource().getLocation().toString());
                            }
                        }
                        """)
                .resource("lib/a.jar", a)          // deflated, as Maven nests jars
                .storedResource("lib/b.jar", b));  // stored, as Spring Boot does
        fx.start();

        List<String> seen = result(fx.runtime.<List<String>>submit(JobSpec.of("app", "app.Use")));

        assertEquals("ab", seen.get(0));
        assertEquals("true", seen.get(1), "bundled classes are defined by the module's own loader");
        assertEquals(storeFile(a), Path.of(URI.create(seen.get(2))), "the code source of a bundled class is its jar's store file");
        assertEquals(storeFile(b), Path.of(URI.create(seen.get(3))));
        assertTrue(Files.exists(storeFile(a)) && Files.exists(storeFile(b)), "each nested jar is a store file of its own");
    }

    @Test
    void sameNames_inModuleJarAndInLibs_moduleJarFirstThenLibsInNameOrder() {
        byte[] a = library(Map.of("dup.Own", "package dup; public class Own { public static String who() { return \"lib/a.jar\"; } }",
                "dup.Lib", "package dup; public class Lib { public static String who() { return \"lib/a.jar\"; } }"));
        byte[] b = whoLibrary("dup.Lib", "lib/b.jar");
        byte[] withResources = ModuleJar.named("x").withoutIdentityHeaders()
                .resource("dup/own.txt", "lib/a.jar".getBytes(StandardCharsets.UTF_8))
                .resource("dup/lib.txt", "lib/a.jar".getBytes(StandardCharsets.UTF_8)).toBytes();
        fx.drop("dup.jar", ModuleJar.named("dup").version("1")
                .compileAgainst(onDisk("a.jar", a))
                .source("dup.Own", "package dup; public class Own { public static String who() { return \"module\"; } }")
                .source("dup.Which", """
                        package dup;
                        import io.modulets.api.*;
                        public class Which implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                ClassLoader mine = Which.class.getClassLoader();
                                StringBuilder urls = new StringBuilder();
                                for (var e = mine.getResources("dup/lib.txt"); e.hasMoreElements(); ) {
                                    urls.append(text(e.nextElement().openStream())).append(',');
                                }
                                return Own.who() + " " + Lib.who() + " " + text(mine.getResourceAsStream("dup/own.txt"))
                                        + " " + text(mine.getResource("dup/lib.txt").openStream()) + " " + urls;
                            }
                            static String text(java.io.InputStream in) throws java.io.IOException {
                                try (in) { return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8); }
                            }
                        }
                        """)
                .resource("dup/own.txt", "module".getBytes(StandardCharsets.UTF_8))
                // lib/b.jar comes first in the zip (deflated entries are written first), lib/a.jar first by name
                .resource("lib/b.jar", ModuleJar.named("y").withoutIdentityHeaders()
                        .resource("dup/lib.txt", "lib/b.jar".getBytes(StandardCharsets.UTF_8)).toBytes())
                .resource("lib/c.jar", b)
                .storedResource("lib/a.jar", DeployKit.merge(a, withResources)));
        fx.start();

        String which = result(fx.runtime.<String>submit(JobSpec.of("dup", "dup.Which")));

        assertEquals("module lib/a.jar module lib/a.jar lib/a.jar,lib/b.jar,", which);
    }

    @Test
    void moduleRequiringOneThatBundles_cannotSeeTheBundledClassesNorResources() {
        byte[] a = library(Map.of("liba.A", "package liba; public class A {}"));
        fx.drop("app.jar", ModuleJar.named("app").version("1")
                .source("app.Api", "package app; public class Api { public static String hello() { return \"api\"; } }")
                .resource("lib/a.jar", DeployKit.merge(a, ModuleJar.named("x").withoutIdentityHeaders()
                        .resource("liba/data.txt", new byte[] {1}).toBytes())));
        fx.drop("user.jar", ModuleJar.named("user").version("1").requires("app")
                .compileAgainst(ModuleJar.named("app").version("1")
                        .source("app.Api", "package app; public class Api { public static String hello() { return \"api\"; } }")
                        .writeTo(fx.root.resolve("libs/app.jar")))
                .source("user.Peek", """
                        package user;
                        import io.modulets.api.*;
                        public class Peek implements Job<String> {
                            public String run(JobContext ctx) {
                                String seen = app.Api.hello() + " " + Peek.class.getClassLoader().getResource("liba/data.txt");
                                try {
                                    Class.forName("liba.A");
                                    return seen + " liba.A visible";
                                } catch (ClassNotFoundException e) {
                                    return seen + " CNFE " + e.getMessage();
                                }
                            }
                        }
                        """));
        fx.start();

        String seen = result(fx.runtime.<String>submit(JobSpec.of("user", "user.Peek")));

        assertTrue(seen.startsWith("api null CNFE liba.A is not in module user 1"), seen);
        // while app itself sees its bundled class
        fx.drop("app-peek.jar", ModuleJar.named("peek").version("1")
                .source("peek.Own", """
                        package peek;
                        public class Own implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                return Class.forName("liba.A").getName();
                            }
                        }
                        """)
                .resource("lib/a.jar", a));
        fx.awaitVersion("peek", "1");
        assertEquals("liba.A", result(fx.runtime.<String>submit(JobSpec.of("peek", "peek.Own"))));
    }

    @Test
    void sameLibraryBundledByTwoModules_oneStoreFile() {
        byte[] a = whoLibrary("liba.A", "a");
        for (String name : List.of("one", "two")) {
            fx.drop(name + ".jar", ModuleJar.named(name).version("1")
                    .compileAgainst(onDisk("a.jar", a))
                    .source(name + ".Use", "package " + name + "; public class Use implements io.modulets.api.Job<String> {"
                            + " public String run(io.modulets.api.JobContext ctx) { return liba.A.who() + \"@\""
                            + " + System.identityHashCode(liba.A.class); } }")
                    .resource("lib/a.jar", a));
        }
        fx.start();

        String one = result(fx.runtime.<String>submit(JobSpec.of("one", "one.Use")));
        String two = result(fx.runtime.<String>submit(JobSpec.of("two", "two.Use")));

        assertEquals(3, JobTestSupport.storeFiles(fx), "one.jar, two.jar and a single copy of lib/a.jar");
        assertTrue(Files.exists(storeFile(a)));
        assertTrue(one.startsWith("a@") && two.startsWith("a@"));
        assertFalse(one.equals(two), "each module has its own copy of the bundled classes: " + one + " " + two);
    }

    /** Module {@code keep} whose job returns a {@code liba.Token}; {@code Token.lazy()} loads {@code liba.Lazy} only then. */
    private ModuleJar keeper(String version, byte[] lib) {
        return ModuleJar.named("keep").version(version)
                .compileAgainst(onDisk("token-" + version + ".jar", lib))
                .source("keep.Make", """
                        package keep;
                        public class Make implements io.modulets.api.Job<Object> {
                            public Object run(io.modulets.api.JobContext ctx) { return new liba.Token(); }
                        }
                        """)
                .resource("lib/token.jar", lib);
    }

    private static byte[] tokenLibrary(String version) {
        return library(Map.of(
                "liba.Token", "package liba; public class Token { public String lazy() { return Lazy.version(); } }",
                "liba.Lazy", "package liba; class Lazy { static String version() { return \"" + version + "\"; } }"));
    }

    @Test
    void bundledStoreFile_keptWhileARetiredLoaderCanReadIt_thenClosedAndRemovedAfterCollection() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        byte[] lib1 = tokenLibrary("1");
        fx.drop("keep.jar", keeper("1", lib1));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("keep", "1");
        Object token = result(fx.runtime.submit(JobSpec.of("keep", "keep.Make")));
        fx.drop("keep.jar", keeper("2", tokenLibrary("2")));
        fx.awaitVersion("keep", "2");
        awaitRetired(fx, first.id());
        fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("keep") && e.version().equals("1"));

        assertTrue(Files.exists(storeFile(lib1)), "a retired loader not yet collected may still read its bundled jar");
        assertEquals("1", token.getClass().getMethod("lazy").invoke(token), "liba.Lazy is loaded only now, from lib/token.jar");

        WeakReference<ClassLoader> loader = new WeakReference<>(token.getClass().getClassLoader());
        token = null;
        RuntimeFixture.awaitCollected(loader);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("keep") && e.version().equals("1"));
        await().atMost(WAIT).pollInterval(POLL).until(() -> !Files.exists(storeFile(lib1)));
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.openFilesOf(storeFile(lib1)) == 0);
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.storeFiles(fx) == 2); // version 2's jar and its lib
    }

    @Test
    void nestedJarFailsItsCrcCheck_moduleRejected_reasonNamesTheNestedEntry() {
        byte[] nested = ModuleJar.named("x").withoutIdentityHeaders().resource("noise.bin", DeployKit.noise(4096)).toBytes();
        Path file = fx.drop("broken.jar", DeployKit.hello("broken", "1")
                .resource("lib/x.jar", DeployKit.flipByteInEntry(nested, "noise.bin")));
        fx.start();

        DeployKit.awaitRejected(fx, file);

        DeployKit.assertRejectedOnly(fx, file, "lib/x.jar: entry noise.bin fails its CRC check");
        assertTrue(logs.warnings().stream().anyMatch(line -> line.message().contains("broken.jar")
                && line.message().contains("lib/x.jar: entry noise.bin fails its CRC check")), logs::toString);
        assertEquals(0, JobTestSupport.storeFiles(fx), "nothing of a rejected jar stays in the store");
    }

    @Test
    void nestedEntryIsNotAJar_moduleRejected_reasonNamesTheNestedEntry() {
        Path file = fx.drop("broken.jar", DeployKit.hello("broken", "1").storedResource("lib/y.jar", DeployKit.noise(300)));
        fx.start();

        DeployKit.awaitRejected(fx, file);

        DeployKit.assertRejectedOnly(fx, file, "lib/y.jar: ", "zip");
        logs.awaitLine(Level.WARNING, "lib/y.jar");
    }

    // ---- real libraries from Maven Central, bundled under lib/ ----

    private static byte[] real(String artifactId) {
        try {
            return Files.readAllBytes(RealLibraries.jar(artifactId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModuleJar bundling(ModuleJar jar, String... artifactIds) {
        for (String artifactId : artifactIds) {
            jar.compileAgainst(RealLibraries.jar(artifactId)).resource("lib/" + artifactId + ".jar", real(artifactId));
        }
        return jar;
    }

    private static ModuleJar json(String version) {
        return bundling(ModuleJar.named("json").version(version)
                .source("json.Point", """
                        package json;
                        public class Point {
                            private final int x, y;
                            public Point(int x, int y) { this.x = x; this.y = y; }
                            public int getX() { return x; }
                            public int getY() { return y; }
                        }
                        """)
                .source("json.Write", """
                        package json;
                        import io.modulets.api.*;
                        public class Write implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new Point(1, 2))
                                        + " " + (com.fasterxml.jackson.databind.ObjectMapper.class.getClassLoader() == Write.class.getClassLoader());
                            }
                        }
                        """), "jackson-databind", "jackson-core", "jackson-annotations");
    }

    @Test
    void jackson_bundledUnderLib_serializesAndTheOldVersionIsCollectedAfterAnUpdate() {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        fx.drop("json.jar", json("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("json", "1");

        assertEquals("{\"x\":1,\"y\":2} true", result(fx.runtime.<String>submit(JobSpec.of("json", "json.Write"))));

        fx.drop("json.jar", json("2"));
        fx.awaitVersion("json", "2");
        awaitRetired(fx, first.id());
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("json") && e.version().equals("1"));
        assertEquals("{\"x\":1,\"y\":2} true", result(fx.runtime.<String>submit(JobSpec.of("json", "json.Write"))));
        // json 2's jar and one store file per bundled Jackson jar, the same bytes as version 1's
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.storeFiles(fx) == 4);
    }

    private static ModuleJar cache(String version) {
        return bundling(ModuleJar.named("cache").version(version)
                .source("cache.Use", """
                        package cache;
                        import com.google.common.base.*;
                        import com.google.common.cache.*;
                        import io.modulets.api.*;
                        import java.util.concurrent.*;
                        public class Use implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                LoadingCache<Integer, String> squares = CacheBuilder.newBuilder().maximumSize(10)
                                        .build(CacheLoader.from(i -> String.valueOf(i * i)));
                                String cached = squares.get(12);
                                // Guava looks for its Finalizer on the system class path first (the host may have a
                                // Guava there): switch that off, so its decoupled URLClassLoader over this module's
                                // resource URL is what loads it.
                                var systemLoader = Class.forName("com.google.common.base.FinalizableReferenceQueue$SystemLoader");
                                var disabled = systemLoader.getDeclaredField("disabled");
                                disabled.setAccessible(true);
                                disabled.set(null, true);
                                try (FinalizableReferenceQueue queue = new FinalizableReferenceQueue()) {
                                    var start = FinalizableReferenceQueue.class.getDeclaredField("startFinalizer");
                                    start.setAccessible(true);
                                    ClassLoader finalizerLoader = ((java.lang.reflect.Method) start.get(null)).getDeclaringClass().getClassLoader();
                                    CountDownLatch finalized = new CountDownLatch(1);
                                    Object referent = new Object();
                                    var reference = new FinalizableWeakReference<Object>(referent, queue) {
                                        public void finalizeReferent() { finalized.countDown(); }
                                    };
                                    referent = null;
                                    for (int i = 0; i < 400 && !finalized.await(50, TimeUnit.MILLISECONDS); i++) {
                                        System.gc();
                                    }
                                    java.lang.ref.Reference.reachabilityFence(reference);
                                    return cached + " " + finalizerLoader.getClass().getName() + " " + (finalized.getCount() == 0);
                                }
                            }
                        }
                        """), "guava", "failureaccess");
    }

    @Test
    void guava_bundledUnderLib_cacheAndFinalizableReferenceQueueWorkAndTheOldVersionIsCollected() {
        fx.drop("cache.jar", cache("1"));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("cache", "1");

        assertEquals("144 java.net.URLClassLoader true", result(fx.runtime.<String>submit(JobSpec.of("cache", "cache.Use"))),
                "Guava's Finalizer runs in its own URLClassLoader over the module's jar: URL");

        fx.drop("cache.jar", cache("2"));
        fx.awaitVersion("cache", "2");
        awaitRetired(fx, first.id());
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("cache") && e.version().equals("1"));
    }

    @Test
    void h2_bundledUnderLib_inMemoryDatabaseAnswersAQuery() {
        fx.drop("db.jar", bundling(ModuleJar.named("db").version("1")
                .source("db.Query", """
                        package db;
                        import io.modulets.api.*;
                        import java.sql.*;
                        public class Query implements Job<Integer> {
                            public Integer run(JobContext ctx) throws Exception {
                                Class.forName("org.h2.Driver");
                                try (Connection c = DriverManager.getConnection("jdbc:h2:mem:bundled");
                                        Statement s = c.createStatement()) {
                                    s.execute("CREATE TABLE t(n INT)");
                                    s.execute("INSERT INTO t VALUES (20), (22)");
                                    try (ResultSet r = s.executeQuery("SELECT SUM(n) FROM t")) {
                                        r.next();
                                        return r.getInt(1);
                                    }
                                }
                            }
                        }
                        """), "h2"));
        fx.start();

        assertEquals(42, result(fx.runtime.<Integer>submit(JobSpec.of("db", "db.Query"))));
    }
}
