package io.modulets.server;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The packaged server ({@code java <opens> -jar quarkus-run.jar <options>}) as a real process, as {@code bin/modulets
 * server} runs it: the JDK the tests run on, the JVM options of the root pom's {@code modulets.jdk.opens}, a working
 * folder, extra environment variables and JVM options. Its stdout and stderr are read, merged, line by line, so a
 * test waits for a line (Awaitility) rather than for time. {@link #close} kills it if it still runs.
 */
final class ServerProcess implements AutoCloseable {

    /** How long a start, a stop or a line may take on a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(20);

    /** The server's start line begins so. */
    static final String STARTED = "modulets server started (pid ";

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("server-output-" + process.pid()).start(this::read);
    }

    /** A process to start in {@code workDir}. */
    static Launch in(Path workDir) {
        return new Launch(workDir);
    }

    /** What to start: options, environment, JVM options. */
    static final class Launch {
        private final Path workDir;
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private boolean opens = true;

        private Launch(Path workDir) {
            this.workDir = workDir;
        }

        /** Server options, as on the command line. */
        Launch args(String... options) {
            args.addAll(Arrays.asList(options));
            return this;
        }

        /** An environment variable of the process. */
        Launch env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** A JVM option, such as {@code -Dmodulets.watch-dir=...}. */
        Launch jvm(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Without the {@code --add-opens} options. */
        Launch withoutOpens() {
            opens = false;
            return this;
        }

        /** Starts it. */
        ServerProcess start() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (opens) {
                command.addAll(Arrays.asList(System.getProperty("server.jvm.opens", "").trim().split("\\s+")));
            }
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar().toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("MODULETS"));
            builder.environment().putAll(env);
            try {
                return new ServerProcess(builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + command, e);
            }
        }

        /** Starts it and waits for its start line. */
        ServerProcess started() {
            ServerProcess server = start();
            server.awaitLine(STARTED);
            return server;
        }

        /** Runs it to its end (a refusal, {@code --help}) and returns the process, ended. */
        ServerProcess run() {
            ServerProcess server = start();
            server.awaitExit();
            return server;
        }
    }

    /** The packaged server jar (failsafe's {@code server.jar}). */
    static Path jar() {
        return Path.of(System.getProperty("server.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the server's output failed: " + e + ")");
        }
    }

    /** Waits for a line containing {@code fragment} and returns it; fails with the output if none comes. */
    String awaitLine(String fragment) {
        try {
            await("a line with '" + fragment + "' in the server's output").atMost(WAIT).pollInterval(POLL)
                    .until(() -> firstLine(fragment) != null || !process.isAlive() && !reader.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no line with '" + fragment + "' within " + WAIT + "; the server's output:\n" + output(), e);
        }
        String line = firstLine(fragment);
        if (line == null) {
            throw new AssertionError("the server ended (exit " + process.exitValue() + ") without a line with '" + fragment
                    + "'; its output:\n" + output());
        }
        return line;
    }

    private String firstLine(String fragment) {
        return lines.stream().filter(line -> line.contains(fragment)).findFirst().orElse(null);
    }

    /** Waits for the process to end and for its output to be read; returns its exit status. */
    int awaitExit() {
        await("the server process to end").atMost(WAIT).pollInterval(POLL).until(() -> !process.isAlive() && !reader.isAlive());
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as {@code Process.destroy()} does on Linux, but through the process handle: {@code
     * Process.destroy()} also closes the pipes, so the rest of the output (the drain) would be lost.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything it printed so far, one line each. */
    String output() {
        return String.join("\n", lines);
    }

    /** The lines it printed so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            await("the killed server process to end").atMost(WAIT).pollInterval(POLL).until(() -> !process.isAlive());
        }
    }
}
