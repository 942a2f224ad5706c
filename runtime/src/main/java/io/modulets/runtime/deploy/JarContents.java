package io.modulets.runtime.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What validation learned of a jar: its manifest's main attributes and the packages of its classes.
 *
 * @param manifest main attributes of {@code META-INF/MANIFEST.MF} by header name; empty if the jar has none
 * @param packages the packages that hold at least one class (of a multi-release jar, also those of the versions
 *     this JDK reads)
 * @param entries the number of entries
 * @param bundled the names of the jars nested directly under {@code lib/} ({@code lib/x.jar}), in name order: the
 *     module's private libraries (rule 1)
 */
record JarContents(Map<String, String> manifest, Set<String> packages, int entries, List<String> bundled) {

    public JarContents {
        manifest = Map.copyOf(manifest);
        packages = Set.copyOf(packages);
        bundled = List.copyOf(bundled);
    }
}
