package io.modulets.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Builds a module jar from Java source at run time, the way tests, demos and benchmarks need them: nothing
 * binary is committed. The jar is reproducible: the same sources and headers give the same bytes.
 *
 * <pre>{@code
 * Path jar = ModuleJar.named("magic").version("1.0")
 *         .source("magic.Magic", "package magic; public class Magic { public static int number() { return 1001; } }")
 *         .writeTo(dir.resolve("magic.jar"));
 * }</pre>
 *
 * <p>Sources compile against the platform layer this JVM was started with (modulet-api, and supervisor and
 * Mutiny when they are on the class path) plus any {@link #compileAgainst jars} given. Not thread-safe: one
 * builder per jar.
 */
public final class ModuleJar {

    /** The fixed time of every entry, so that equal content gives equal bytes. */
    private static final long ENTRY_TIME = 1_577_836_800_000L; // 2020-01-01T00:00:00Z

    private final String name;
    private String version;
    private final List<String> requires = new ArrayList<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new TreeMap<>();
    private final Map<String, byte[]> storedResources = new TreeMap<>();
    private final Map<Integer, Map<String, String>> versionedSources = new TreeMap<>();
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private final List<Path> compileClasspath = new ArrayList<>();
    private boolean identityHeaders = true;

    private ModuleJar(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A jar for the module {@code name}; its manifest will say {@code Modulet-Name: name}. */
    public static ModuleJar named(String name) {
        return new ModuleJar(name);
    }

    /** Sets {@code Modulet-Version}. */
    public ModuleJar version(String version) {
        this.version = Objects.requireNonNull(version, "version");
        return this;
    }

    /** Adds modules to {@code Modulet-Requires}. */
    public ModuleJar requires(String... modules) {
        requires.addAll(List.of(modules));
        return this;
    }

    /** Adds a class to compile: {@code className} is its binary name, {@code code} its whole source file. */
    public ModuleJar source(String className, String code) {
        sources.put(Objects.requireNonNull(className, "className"), Objects.requireNonNull(code, "code"));
        return this;
    }

    /** Adds a resource entry with the given bytes. */
    public ModuleJar resource(String entryName, byte[] content) {
        resources.put(Objects.requireNonNull(entryName, "entryName"), content.clone());
        return this;
    }

    /**
     * Adds a resource entry with the given bytes, stored without compression (as Spring Boot stores the jars it
     * nests), where {@link #resource} deflates it (as Maven does).
     */
    public ModuleJar storedResource(String entryName, byte[] content) {
        storedResources.put(Objects.requireNonNull(entryName, "entryName"), content.clone());
        return this;
    }

    /**
     * Adds a class of a multi-release version: compiled on its own (against the jars given to
     * {@link #compileAgainst}, not against this jar's other sources) and put under
     * {@code META-INF/versions/<release>/}. The JDK reads it only if the jar says {@code Multi-Release: true}
     * ({@code header("Multi-Release", "true")}).
     */
    public ModuleJar versionedSource(int release, String className, String code) {
        versionedSources.computeIfAbsent(release, r -> new LinkedHashMap<>())
                .put(Objects.requireNonNull(className, "className"), Objects.requireNonNull(code, "code"));
        return this;
    }

    /** Adds any other manifest header. */
    public ModuleJar header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    /**
     * Leaves {@code Modulet-Name}, {@code Modulet-Version} and {@code Modulet-Requires} out of the manifest,
     * so the runtime must take the identity from the file name or the digest, as for a plain library jar.
     */
    public ModuleJar withoutIdentityHeaders() {
        identityHeaders = false;
        return this;
    }

    /** Compiles the sources against these jars too (for example the jar of a module this one requires). */
    public ModuleJar compileAgainst(Path... jars) {
        compileClasspath.addAll(List.of(jars));
        return this;
    }

    /** Compiles the sources and returns the jar's bytes. */
    public byte[] toBytes() {
        Map<String, byte[]> classes = SourceCompiler.compile(sources, compileClasspath);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            ByteArrayOutputStream manifest = new ByteArrayOutputStream();
            manifest().write(manifest);
            put(jar, JarFile.MANIFEST_NAME, manifest.toByteArray()); // not new JarOutputStream(out, manifest): that stamps the time of day
            for (Map.Entry<String, byte[]> e : new TreeMap<>(classes).entrySet()) {
                put(jar, e.getKey().replace('.', '/') + ".class", e.getValue());
            }
            for (Map.Entry<String, byte[]> e : resources.entrySet()) {
                put(jar, e.getKey(), e.getValue());
            }
            for (Map.Entry<String, byte[]> e : storedResources.entrySet()) {
                putStored(jar, e.getKey(), e.getValue());
            }
            for (Map.Entry<Integer, Map<String, String>> release : versionedSources.entrySet()) {
                Map<String, byte[]> versioned = SourceCompiler.compile(release.getValue(), compileClasspath);
                for (Map.Entry<String, byte[]> e : new TreeMap<>(versioned).entrySet()) {
                    put(jar, "META-INF/versions/" + release.getKey() + "/" + e.getKey().replace('.', '/') + ".class",
                            e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Compiles and writes the jar to {@code target}, atomically: the bytes go to a hidden temporary file
     * beside it that is then renamed over {@code target}.
     *
     * @return {@code target}
     */
    public Path writeTo(Path target) {
        return writeAtomically(target, toBytes());
    }

    /** Writes {@code bytes} to {@code target} through a hidden temporary file and an atomic rename. */
    public static Path writeAtomically(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
            Files.write(tmp, bytes);
            return Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (identityHeaders) {
            main.putValue("Modulet-Name", name);
            if (version != null) {
                main.putValue("Modulet-Version", version);
            }
            if (!requires.isEmpty()) {
                main.putValue("Modulet-Requires", String.join(", ", requires));
            }
        }
        extraHeaders.forEach(main::putValue);
        return manifest;
    }

    private static void putStored(JarOutputStream jar, String entryName, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(entryName);
        entry.setTime(ENTRY_TIME);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }

    private static void put(JarOutputStream jar, String entryName, byte[] content) throws IOException {
        JarEntry entry = new JarEntry(entryName);
        entry.setTime(ENTRY_TIME);
        jar.putNextEntry(entry);
        jar.write(content);
        jar.closeEntry();
    }
}
