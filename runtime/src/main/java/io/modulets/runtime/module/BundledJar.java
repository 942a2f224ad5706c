package io.modulets.runtime.module;

import java.nio.file.Path;
import java.util.Set;

/**
 * A jar nested under {@code lib/} in a module jar (rule 1): a private library of that module version, kept in the
 * store by its own digest, so the same library bundled in twenty versions is one file on disk.
 *
 * @param entry its entry name in the module jar, {@code lib/<name>.jar}
 * @param digest SHA-256 of its bytes (inflated, as they are stored), lower-case hex
 * @param storeFile its file in the store
 * @param packages the packages of its classes
 */
public record BundledJar(String entry, String digest, Path storeFile, Set<String> packages) {

    public BundledJar {
        packages = Set.copyOf(packages);
    }
}
