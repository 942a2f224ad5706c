package io.modulets.runtime.deploy;

import java.util.Map;
import java.util.Set;

/**
 * What validation learned of a jar: its manifest's main attributes, the packages of its classes and the packages its
 * code refers to.
 *
 * @param manifest main attributes of {@code META-INF/MANIFEST.MF} by header name; empty if the jar has none
 * @param packages the packages that hold at least one class
 * @param entries the number of entries
 * @param references the packages its code refers to outside its own ({@link ReferenceScan})
 */
record JarContents(Map<String, String> manifest, Set<String> packages, int entries, CodeReferences references) {

    public JarContents {
        manifest = Map.copyOf(manifest);
        packages = Set.copyOf(packages);
    }
}
