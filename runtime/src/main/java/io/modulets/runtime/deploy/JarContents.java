package io.modulets.runtime.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What validation learned of a jar: its manifest's main attributes, the packages of its classes and the packages its
 * code refers to.
 *
 * @param manifest main attributes of {@code META-INF/MANIFEST.MF} by header name; empty if the jar has none
 * @param packages the packages that hold at least one class (of a multi-release jar, also those of the versions
 *     this JDK reads)
 * @param entries the number of entries
 * @param poms what each embedded Maven pom ({@code META-INF/maven/<group>/<artifact>/pom.xml}) names, by entry name
 * @param bundled the names of the jars nested directly under {@code lib/} ({@code lib/x.jar}), in name order: the
 *     module's private libraries (rule 1)
 * @param references the packages its code refers to outside its own ({@link ReferenceScan})
 */
record JarContents(Map<String, String> manifest, Set<String> packages, int entries,
        Map<String, MavenMetadata.Derived> poms, List<String> bundled, CodeReferences references) {

    /** The manifest header that lists other jars to put on the class path, which Modulets does not follow. */
    static final String CLASS_PATH_HEADER = "Class-Path";

    public JarContents {
        manifest = Map.copyOf(manifest);
        packages = Set.copyOf(packages);
        poms = Map.copyOf(poms);
        bundled = List.copyOf(bundled);
    }

    /** The entries of the manifest's {@code Class-Path} header, in order; empty if it has none. */
    List<String> classPath() {
        String header = manifest.get(CLASS_PATH_HEADER);
        return header == null || header.isBlank() ? List.of() : Arrays.asList(header.trim().split("\\s+"));
    }
}
