package io.modulets.runtime.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One accepted version of a module: its identity and its immutable bytes in the store.
 *
 * @param identity name, version and requires
 * @param digest SHA-256 of the jar, hex
 * @param storeFile the jar in the store
 * @param packages the packages its classes are in
 */
public record ModuleVersion(ModuleIdentity identity, String digest, Path storeFile, Set<String> packages) {

    public ModuleVersion {
        packages = Set.copyOf(packages);
    }

    public String name() {
        return identity.name();
    }

    public String version() {
        return identity.version();
    }

    public List<String> requires() {
        return identity.requires();
    }

    @Override
    public String toString() {
        return identity.toString();
    }
}
