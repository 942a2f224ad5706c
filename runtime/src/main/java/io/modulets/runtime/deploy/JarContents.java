package io.modulets.runtime.deploy;

import java.util.Map;
import java.util.Set;

/**
 * What validation learned of a jar: its manifest's main attributes and the packages of its classes.
 *
 * @param manifest main attributes of {@code META-INF/MANIFEST.MF} by header name; empty if the jar has none
 * @param packages the packages that hold at least one class
 * @param entries the number of entries
 */
record JarContents(Map<String, String> manifest, Set<String> packages, int entries) {

    public JarContents {
        manifest = Map.copyOf(manifest);
        packages = Set.copyOf(packages);
    }
}
