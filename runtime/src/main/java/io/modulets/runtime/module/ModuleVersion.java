package io.modulets.runtime.module;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One accepted version of a module: who it is and its immutable bytes in the store. What a namespace is made
 * of; the deploy policy decides which versions those are.
 *
 * @param name the module's name
 * @param version its version
 * @param requires the modules it requires, without duplicates
 * @param digest SHA-256 of the jar, lower-case hex
 * @param storeFile the jar in the store
 * @param packages the packages its classes are in
 */
public record ModuleVersion(String name, String version, List<String> requires, String digest, Path storeFile,
        Set<String> packages) {

    public ModuleVersion {
        requires = List.copyOf(requires);
        packages = Set.copyOf(packages);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
