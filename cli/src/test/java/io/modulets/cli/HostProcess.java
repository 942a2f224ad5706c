package io.modulets.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.testkit.ModuleJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real host JVM ({@link CliTestHost}) on a watch folder and a state folder under {@code root}, started with the test
 * class path and the project's JDK options, as a server would be. Tests drop jars into its folder and wait for the
 * lines it prints. Closing it closes its stdin and checks that it exited 0.
 */
final class HostProcess implements AutoCloseable {

    /** The JDK options every JVM of the project gets (pom.xml's modulets.jdk.opens). */
    static final List<String> OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
            "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED");

    final Path watchDir;
    final Path stateDir;
    private final Path staging;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private HostProcess(Path root, Process process) {
        this.watchDir = root.resolve("modules");
        this.stateDir = root.resolve("state");
        this.staging = root.resolve("staging");
        this.process = process;
        Thread.ofPlatform().daemon().name("host-output").start(this::readOutput);
    }

    /** Starts a host on {@code root}/modules and {@code root}/state and waits until it is ready. */
    static HostProcess start(Path root) throws IOException {
        return start(root, List.of());
    }

    /** {@link #start(Path)} with more JVM options. */
    static HostProcess start(Path root, List<String> jvmOptions) throws IOException {
        Files.createDirectories(root.resolve("staging"));
        List<String> command = new java.util.ArrayList<>();
        command.add(Cli.java());
        command.addAll(OPENS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CliTestHost.class.getName(),
                root.resolve("modules").toString(), root.resolve("state").toString()));
        HostProcess host = new HostProcess(root, new ProcessBuilder(command).redirectErrorStream(true).start());
        host.awaitLine("ready");
        return host;
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the host's output failed: " + e + ")");
        }
    }

    /** Waits until the host has printed {@code line}. */
    void awaitLine(String line) {
        await("the host printing '" + line + "'; it printed " + lines).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .failFast("the host exited: " + lines, () -> !process.isAlive() && !lines.contains(line))
                .until(() -> lines.contains(line));
    }

    /** Drops {@code jar} as {@code <module>.jar} by atomic rename, and waits until it is deployed. */
    void drop(String module, String version, ModuleJar jar) throws IOException {
        Path staged = staging.resolve(module + "-" + version + ".jar");
        jar.writeTo(staged);
        Files.move(staged, watchDir.resolve(module + ".jar"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        awaitLine("event: deployed " + module + " " + version);
    }

    /** The host JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** What it printed so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertTrue(exited, "the host did not exit within 60 s of its stdin closing: " + lines);
        assertEquals(0, process.exitValue(), () -> "the host's exit code; it printed " + lines);
    }
}
