package io.modulets.runtime.jmx;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * How a client finds a running runtime: {@code <state-dir>/process}, written by a runtime with JMX on when it starts and
 * removed when it closes. It names the JVM's process id (a client attaches to it the way jconsole does), the OS user it
 * runs as, and the runtime's name in its ObjectNames. A file whose process is gone was left by a crash.
 *
 * <p>Format: a {@link Properties} text file with the keys {@code pid}, {@code user}, {@code name}, {@code started}
 * (ISO-8601), written to a temporary name and renamed, so a reader never sees half of it.
 *
 * @param pid the process id of the runtime's JVM
 * @param user the OS user it runs as ({@code user.name})
 * @param name the runtime's name, as in {@code io.modulets:type=Runtime,name=<name>}
 * @param started when it started
 */
public record ProcessFile(long pid, String user, String name, Instant started) {

    /** The file's name in the state folder. */
    public static final String FILE_NAME = "process";

    /** The process file of {@code stateDir}, if there is one. */
    public static Optional<ProcessFile> read(Path stateDir) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(Files.readString(stateDir.resolve(FILE_NAME), StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateDir.resolve(FILE_NAME), e);
        }
        try {
            return Optional.of(new ProcessFile(Long.parseLong(props.getProperty("pid")), props.getProperty("user"),
                    props.getProperty("name"), Instant.parse(props.getProperty("started"))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(stateDir.resolve(FILE_NAME) + " is not a Modulets process file (" + e
                    + "); delete it if no runtime uses this state folder", e);
        }
    }

    /** Writes this file into {@code stateDir}: a temporary name, fsync, atomic rename. */
    public void writeTo(Path stateDir) throws IOException {
        String text = "pid=" + pid + "\nuser=" + escape(user) + "\nname=" + escape(name) + "\nstarted=" + started + "\n";
        Path tmp = stateDir.resolve("." + FILE_NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, stateDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the process file of {@code stateDir} if it is this one's (a newer runtime's file stays). */
    public void removeFrom(Path stateDir) throws IOException {
        Optional<ProcessFile> there = read(stateDir);
        if (there.isPresent() && there.get().equals(this)) {
            Files.deleteIfExists(stateDir.resolve(FILE_NAME));
        }
    }

    /** Whether its process is alive now. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case ':', '=', '#', '!' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
