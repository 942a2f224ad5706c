package io.modulets.benchmarks;

import io.modulets.testkit.ModuleJar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The module jars the benchmarks deploy, built from source at run time, and folder helpers. */
final class Modules {

    /** The module of the trivial job. */
    static final String TRIVIAL_MODULE = "bench";
    /** A job that returns "ok" and does nothing else: what is measured is the runtime around it. */
    static final String TRIVIAL_JOB = "bench.Trivial";

    private Modules() {
    }

    static byte[] trivialJar(String version) {
        return ModuleJar.named(TRIVIAL_MODULE).version(version)
                .source(TRIVIAL_JOB, """
                        package bench;
                        public class Trivial implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) { return "ok"; }
                        }
                        """)
                .toBytes();
    }

    /** The pf4j plugin of {@link DeployLatency#pf4j}: one class, as small as the trivial job. */
    static final String PLUGIN_ID = "bench";

    /**
     * The trivial job's counterpart for pf4j: a jar with pf4j's manifest entries whose one class, the
     * {@code Plugin-Class}, answers "ok" through a JDK interface, so the host can call it without sharing a type.
     */
    static byte[] pluginJar(String version) {
        return ModuleJar.named(TRIVIAL_MODULE).version(version)
                .header("Plugin-Id", PLUGIN_ID)
                .header("Plugin-Version", version)
                .header("Plugin-Class", "benchplugin.BenchPlugin")
                .source("benchplugin.BenchPlugin", """
                        package benchplugin;
                        public class BenchPlugin extends org.pf4j.Plugin implements java.util.function.Supplier<String> {
                            public String get() { return "ok"; }
                        }
                        """)
                .toBytes();
    }

    /**
     * A module of {@code classes} classes: {@code big.Entry} (an {@code IntSupplier}, a JDK type, so a plain
     * URLClassLoader over the JDK alone can run it too) calls one static method of each {@code big.C<i>}, so
     * its first call loads, links and initialises every class of the jar.
     */
    static byte[] bigJar(int classes) {
        ModuleJar jar = ModuleJar.named("big").version("1");
        StringBuilder entry = new StringBuilder("package big; public class Entry implements java.util.function.IntSupplier {\n"
                + "  public int getAsInt() { int sum = 0;\n");
        for (int i = 0; i < classes - 1; i++) {
            jar.source("big.C" + i, "package big; public class C" + i + " { static int seed = " + i
                    + "; public static int value() { return seed * 31 + " + i + "; } }");
            entry.append("    sum += C").append(i).append(".value();\n");
        }
        entry.append("    return sum; } }\n");
        return jar.source("big.Entry", entry.toString()).toBytes();
    }

    /**
     * The same jar with another {@code Modulet-Version}: new bytes, hence a new store file, loader and
     * namespace, without compiling again.
     */
    static byte[] withVersion(byte[] jar, String version) {
        return withHeaders(jar, Map.of("Modulet-Version", version));
    }

    /** The same jar with these manifest headers set (added or replaced); the entries are copied as they are. */
    static byte[] withHeaders(byte[] jar, Map<String, String> headers) {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            headers.forEach((name, value) -> manifest.getMainAttributes().put(new Attributes.Name(name), value));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(jar.length + 64);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the runtime's INFO line per deployment out of the benchmark output (JUL is the logging backend here). */
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.modulets");

    static void quietLogs() {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }
}
