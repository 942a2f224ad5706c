package io.modulets.demos;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys the jar that Maven built from {@code examples/jackson-greeter}, a module project as a user writes one, with
 * Jackson bundled under {@code lib/} (rule 1): its job runs, an update replaces it, and the old version's loader, with
 * the Jackson it loaded, leaves the JVM.
 *
 * <p>The jar comes from {@code demos/pom.xml} (execution {@code example-module}: copied after the reactor packaged
 * it, then this class runs in the integration-test phase of {@code tools/mvn verify}). Neither it nor Jackson is on
 * this class path.
 */
@EnabledIfSystemProperty(named = ExampleModuleTest.JAR_PROPERTY, matches = ".+",
        disabledReason = "runs in demos' example-module execution of `tools/mvn verify`, once the example jar is copied")
class ExampleModuleTest {

    static final String JAR_PROPERTY = "modulets.example.jar";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String JOB_CLASS = "greeter.Greet";

    @TempDir
    Path dir;
    private final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
    private ModuletRuntime runtime;

    @AfterEach
    void closeRuntime() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void exampleJar_builtByMaven_bundlesJacksonUnderLibAndNothingOfThePlatform() throws IOException {
        try (JarFile jar = new JarFile(exampleJar().toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertEquals("greeter", manifest.getValue("Modulet-Name"));
            assertEquals("1.0-SNAPSHOT", manifest.getValue("Modulet-Version"));
            assertEquals(Set.of("lib/jackson-databind-2.18.2.jar", "lib/jackson-core-2.18.2.jar",
                    "lib/jackson-annotations-2.18.2.jar"), entries(jar, name -> name.startsWith("lib/") && !name.equals("lib/")));
            assertEquals(Set.of("greeter/Greet.class", "greeter/Greeting.class"), entries(jar, name -> name.endsWith(".class")));
        }
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"),
                "Jackson is on the demos' test class path: a module loader that misses lib/ could go unnoticed");
    }

    @Test
    void deploy_exampleJarThenAnUpdate_jobsRunOnBundledJacksonAndTheOldVersionIsCollected() throws Exception {
        Path watch = dir.resolve("modules");
        Path dropped = watch.resolve("greeter.jar");
        byte[] first = Files.readAllBytes(exampleJar());
        String firstVersion = versionOf(exampleJar());
        start(watch);

        renameInto(dropped, first);
        awaitEvent(RuntimeEvent.Deployed.class, d -> d.module().equals("greeter") && d.version().equals(firstVersion));
        assertEquals("{\"to\":\"Ada\",\"text\":\"Hello, Ada!\",\"by\":\"greeter " + firstVersion + "\"}", greet("Ada"));

        renameInto(dropped, withVersion(first, "2"));
        awaitEvent(RuntimeEvent.Deployed.class, d -> d.module().equals("greeter") && d.version().equals("2"));
        assertEquals("{\"to\":\"Grace\",\"text\":\"Hello, Grace!\",\"by\":\"greeter 2\"}", greet("Grace"));

        awaitEvent(RuntimeEvent.Collected.class, c -> c.module().equals("greeter") && c.version().equals(firstVersion));
    }

    private void start(Path watch) {
        runtime = ModuletRuntime.builder()
                .watchDir(watch)
                .stateDir(dir.resolve("state"))
                .settleWindow(Duration.ofMillis(300))
                .rescanInterval(Duration.ofMillis(100))
                .build();
        runtime.events().subscribe().with(events::add);
        runtime.start();
    }

    /** Runs the example's job in the current namespace and returns its JSON. */
    private String greet(String name) {
        JobHandle<String> job = runtime.submit(JobSpec.of("greeter", JOB_CLASS).withArg("name", name));
        return job.result().await().atMost(WAIT);
    }

    private <T extends RuntimeEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(
                () -> events.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst().orElse(null),
                Objects::nonNull);
    }

    private static Path exampleJar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY));
        assertTrue(Files.isRegularFile(jar), JAR_PROPERTY + " names " + jar + ", which is not a file: demos/pom.xml,"
                + " execution example-module, copies the jar that examples/jackson-greeter builds there");
        return jar;
    }

    private static String versionOf(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Modulet-Version");
        }
    }

    private static Set<String> entries(JarFile jar, Predicate<String> matching) {
        return jar.stream().map(ZipEntry::getName).filter(matching).collect(Collectors.toSet());
    }

    /** Writes {@code bytes} to {@code target} as a deploy script would: a hidden temporary file, then an atomic rename. */
    private static void renameInto(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The same jar, entry for entry (its nested jars included, byte for byte), with another Modulet-Version. */
    private static byte[] withVersion(byte[] jar, String version) throws IOException {
        Path source = Files.createTempFile("greeter-", ".jar");
        try {
            Files.write(source, jar);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarFile in = new JarFile(source.toFile()); JarOutputStream copy = new JarOutputStream(out)) {
                for (JarEntry entry : in.stream().toList()) {
                    byte[] content;
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        Manifest manifest = new Manifest(in.getManifest());
                        manifest.getMainAttributes().putValue("Modulet-Version", version);
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        manifest.write(bytes);
                        content = bytes.toByteArray();
                    } else {
                        try (InputStream data = in.getInputStream(entry)) {
                            content = data.readAllBytes();
                        }
                    }
                    copy.putNextEntry(entryLike(entry, content));
                    copy.write(content);
                    copy.closeEntry();
                }
            }
            return out.toByteArray();
        } finally {
            Files.delete(source);
        }
    }

    private static ZipEntry entryLike(JarEntry original, byte[] content) {
        ZipEntry entry = new ZipEntry(original.getName());
        entry.setTime(original.getTime());
        entry.setMethod(original.getMethod());
        if (original.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setSize(content.length);
            entry.setCompressedSize(content.length);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }
}
