package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 6: multi-release jars are read for the running JDK. A jar that says {@code Multi-Release: true} serves the
 * entries of {@code META-INF/versions/<n>/} for the highest n not above this JDK, classes and resources alike, and
 * its resource URLs open those same bytes; a nested {@code lib/} jar follows its own manifest, not the module jar's.
 */
class MultiReleaseTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Class {@code <pkg>.Impl} whose {@code name()} returns {@code name}. */
    private static String impl(String pkg, String name) {
        return "package " + pkg + "; public class Impl { public static String name() { return \"" + name + "\"; } }";
    }

    /**
     * Module {@code mr}, multi-release: base {@code mr.Impl} and {@code mr/data.txt} say "base", versions 21 and 99 say their number.
     * {@code mr.Which} returns the class's answer, the resource read as a stream and the resource read by URL.
     */
    private static ModuleJar multiRelease() {
        return ModuleJar.named("mr").version("1").header("Multi-Release", "true")
                .source("mr.Impl", impl("mr", "base"))
                .versionedSource(21, "mr.Impl", impl("mr", "21"))
                .versionedSource(99, "mr.Impl", impl("mr", "99"))
                .source("mr.Which", """
                        package mr;
                        import io.modulets.api.*;
                        public class Which implements Job<java.util.List<String>> {
                            public java.util.List<String> run(JobContext ctx) throws Exception {
                                ClassLoader mine = Which.class.getClassLoader();
                                java.net.URL url = mine.getResource("mr/data.txt");
                                return java.util.List.of(Impl.name(), read(mine.getResourceAsStream("mr/data.txt")),
                                        read(url.openStream()), url.toString());
                            }
                            static String read(java.io.InputStream in) throws java.io.IOException {
                                try (in) { return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8); }
                            }
                        }
                        """)
                .resource("mr/data.txt", text("base"))
                .resource("META-INF/versions/21/mr/data.txt", text("21"))
                .resource("META-INF/versions/99/mr/data.txt", text("99"));
    }

    private List<String> which() {
        return result(fx.runtime.<List<String>>submit(JobSpec.of("mr", "mr.Which")));
    }

    @Test
    void multiReleaseModuleJar_onThisJdk_servesVersion21NotTheBaseNorVersion99() {
        fx.drop("mr.jar", multiRelease());
        fx.start();

        List<String> seen = which();

        assertTrue(Runtime.version().feature() >= 21 && Runtime.version().feature() < 99, "this test assumes a JDK in [21, 99)");
        assertEquals(List.of("21", "21", "21"), seen.subList(0, 3), "class, resource stream, resource URL: " + seen);
    }

    @Test
    void versionedResourceUrl_opensTheVersionedBytesHoweverItIsOpened_asUrlClassLoaderWouldNameIt() throws Exception {
        Path jar = multiRelease().writeTo(fx.watchDir.resolve("mr.jar"));
        fx.start();

        URL url = new URL(which().get(3));
        URL storeFileUrl = fx.stateDir.resolve("store").resolve(DeployKit.sha256(java.nio.file.Files.readAllBytes(jar)) + ".jar")
                .toUri().toURL();

        assertEquals("21", read(url), "opened again from its string");
        try (URLClassLoader plain = new URLClassLoader(new URL[] {storeFileUrl}, null)) {
            assertEquals(plain.getResource("mr/data.txt").toString(), url.toString(),
                    "the same URL as the JDK's own URLClassLoader gives for that file");
        }
        // Why the URL names the real entry: the JDK opens a jar: URL at the base version unless its ref is #runtime
        String logical = "jar:" + storeFileUrl + "!/mr/data.txt";
        assertEquals("base", read(URI.create(logical).toURL()));
        assertEquals("21", read(URI.create(logical + "#runtime").toURL()));
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A library with {@code <pkg>.Impl} in a base and a version-21 flavour, and {@code <pkg>/data.txt} likewise. */
    private static byte[] library(String pkg, boolean multiRelease) {
        ModuleJar jar = ModuleJar.named(pkg).withoutIdentityHeaders()
                .source(pkg + ".Impl", impl(pkg, "base"))
                .versionedSource(21, pkg + ".Impl", impl(pkg, "21"))
                .resource(pkg + "/data.txt", text("base"))
                .resource("META-INF/versions/21/" + pkg + "/data.txt", text("21"));
        return (multiRelease ? jar.header("Multi-Release", "true") : jar).toBytes();
    }

    @Test
    void nestedJars_eachFollowsItsOwnManifest_notTheModuleJars() throws Exception {
        byte[] versioned = library("versioned", true);
        byte[] plain = library("plain", false);
        Path libs = java.nio.file.Files.createDirectories(fx.root.resolve("libs"));
        fx.drop("mix.jar", ModuleJar.named("mix").version("1") // not multi-release itself
                .compileAgainst(java.nio.file.Files.write(libs.resolve("v.jar"), versioned),
                        java.nio.file.Files.write(libs.resolve("p.jar"), plain))
                .source("own.Impl", impl("own", "base"))
                .versionedSource(21, "own.Impl", impl("own", "21"))
                .source("own.Mix", """
                        package own;
                        import io.modulets.api.*;
                        public class Mix implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                ClassLoader mine = Mix.class.getClassLoader();
                                return "own=" + Impl.name() + " versioned=" + versioned.Impl.name() + "/" + read(mine, "versioned")
                                        + " plain=" + plain.Impl.name() + "/" + read(mine, "plain");
                            }
                            static String read(ClassLoader loader, String pkg) throws java.io.IOException {
                                try (var in = loader.getResource(pkg + "/data.txt").openStream()) {
                                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                                }
                            }
                        }
                        """)
                .resource("lib/versioned.jar", versioned)
                .storedResource("lib/plain.jar", plain));
        fx.start();

        String seen = result(fx.runtime.<String>submit(JobSpec.of("mix", "own.Mix")));

        assertEquals("own=base versioned=21/21 plain=base/base", seen);
    }

    @Test
    void classOnlyInAVersionedPackage_ofARequiredModule_isVisibleToTheModuleThatRequiresIt() {
        fx.drop("mr.jar", ModuleJar.named("mr").version("1").header("Multi-Release", "true")
                .source("mr.Base", "package mr; public class Base {}")
                .versionedSource(21, "mr.extra.Extra", "package mr.extra; public class Extra { public static String hi() { return \"extra\"; } }"));
        fx.drop("user.jar", ModuleJar.named("user").version("1").requires("mr")
                .source("user.Reach", """
                        package user;
                        public class Reach implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                return (String) Class.forName("mr.extra.Extra").getMethod("hi").invoke(null);
                            }
                        }
                        """));
        fx.start();

        assertEquals("extra", result(fx.runtime.<String>submit(JobSpec.of("user", "user.Reach"))));
    }

    @Test
    void realJacksonCore_droppedAsItComes_servesItsJava11ClassesOnThisJdk() {
        RealLibraries.dropInto(fx.watchDir, "jackson-core"); // Multi-Release: true, with META-INF/versions/11/ classes
        fx.drop("probe.jar", ModuleJar.named("probe").version("1").requires("jackson-core").source("probe.Swar", """
                package probe;
                import io.modulets.api.*;
                public class Swar implements Job<String> {
                    public String run(JobContext ctx) throws Exception {
                        Class<?> swar = Class.forName(
                                "com.fasterxml.jackson.core.internal.shaded.fdp.v2_18_2.FastDoubleSwar");
                        String served = java.util.Arrays.stream(swar.getDeclaredFields())
                                .anyMatch(f -> f.getName().equals("readLongLE")) ? "versions/11" : "base";
                        return served;
                    }
                }
                """));

        fx.start();

        assertEquals("versions/11", result(fx.runtime.<String>submit(JobSpec.of("probe", "probe.Swar"))),
                "the JDK reads FastDoubleSwar from META-INF/versions/11/ (its VarHandle fields), so must the loader");
    }
}
