package io.modulets.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real library jars from Maven Central that the build fetched for the tests ({@code runtime/pom.xml},
 * execution {@code test-libraries}): Jackson (databind, core, annotations), Guava with failureaccess, H2,
 * BouncyCastle, OkHttp with Okio and the Kotlin standard library, and logback (classic, core) with SLF4J, under
 * their Maven file names ({@code guava-33.5.0-jre.jar}).
 */
public final class RealLibraries {

    private RealLibraries() {
    }

    /** The folder that holds them. */
    public static Path dir() {
        String dir = System.getProperty("test.libs.dir");
        if (dir == null) {
            throw new IllegalStateException("system property test.libs.dir is not set: run the tests through Maven"
                    + " (runtime/pom.xml fetches the libraries into target/test-libs)");
        }
        return Path.of(dir);
    }

    /** The jar of {@code artifactId} ({@code jackson-databind}, {@code guava}, {@code failureaccess}, {@code h2}). */
    public static Path jar(String artifactId) {
        try (Stream<Path> files = Files.list(dir())) {
            List<Path> matches = files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(artifactId + "-") && name.endsWith(".jar")
                        && Character.isDigit(name.charAt(artifactId.length() + 1));
            }).toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("expected one jar of " + artifactId + " in " + dir() + ", found " + matches);
            }
            return matches.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the jar of {@code artifactId} into {@code folder} under its Maven file name; returns the copy. */
    public static Path dropInto(Path folder, String artifactId) {
        Path jar = jar(artifactId);
        try {
            return Files.copy(jar, folder.resolve(jar.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
