package io.modulets.runtime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.runtime.RealLibraries;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan over the real jars from Maven Central: what Guava and Jackson refer to is what they need at run time,
 * and nothing their annotations name (errorprone, j2objc, jsr305, the checker framework, jspecify).
 */
class RealLibraryReferencesTest {

    /** The JDK's packages: those of the boot layer's modules. */
    private static final Predicate<String> JDK = jdkPackages()::contains;

    private static Map<String, JarContents> jars;

    @BeforeAll
    static void scanThem() throws InvalidJarException {
        JarValidator validator = new JarValidator();
        jars = new java.util.HashMap<>();
        for (String artifact : List.of("guava", "failureaccess", "jackson-databind", "jackson-core", "jackson-annotations")) {
            jars.put(artifact, validator.validate(RealLibraries.jar(artifact), artifact));
        }
    }

    private static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        ModuleLayer.boot().modules().forEach(module -> packages.addAll(module.getPackages()));
        return packages;
    }

    private static Set<String> packagesOf(String... artifacts) {
        Set<String> packages = new HashSet<>();
        for (String artifact : artifacts) {
            packages.addAll(jars.get(artifact).packages());
        }
        return packages;
    }

    private static Map<String, String> missing(String artifact, String... visibleArtifacts) {
        return MissingPackages.among(jars.get(artifact).references().byPackage(), packagesOf(visibleArtifacts), JDK);
    }

    @Test
    void guava_withFailureaccess_missesNothing_itsAnnotationsMakeNoNoise() {
        Map<String, String> references = jars.get("guava").references().byPackage();

        assertEquals(Map.of(), missing("guava", "failureaccess"));
        for (String annotations : List.of("com.google.errorprone.annotations", "com.google.j2objc.annotations",
                "javax.annotation", "org.checkerframework.checker.nullness.qual", "org.jspecify.annotations")) {
            assertTrue(!references.containsKey(annotations), () -> annotations + " is annotations only: "
                    + references.get(annotations) + " must not count");
        }
        assertTrue(references.keySet().stream().noneMatch(pkg -> pkg.startsWith("com.google.common")
                && !pkg.startsWith("com.google.common.util.concurrent.internal")), "Guava's own packages are left out");
    }

    @Test
    void guava_withoutFailureaccess_missesExactlyItsInternalPackage() {
        Map<String, String> missing = missing("guava");

        assertEquals(Set.of("com.google.common.util.concurrent.internal"), missing.keySet());
        assertTrue(missing.values().iterator().next().startsWith("com.google.common.util.concurrent."), missing::toString);
    }

    @Test
    void jacksonDatabind_missesJacksonCoreAndAnnotations_untilTheyAreVisible() {
        Set<String> missing = missing("jackson-databind").keySet();

        assertTrue(packagesOf("jackson-core", "jackson-annotations").containsAll(missing), missing::toString);
        assertTrue(missing.contains("com.fasterxml.jackson.core") && missing.contains("com.fasterxml.jackson.annotation"),
                missing::toString);
        assertEquals(Map.of(), missing("jackson-databind", "jackson-core", "jackson-annotations"));
        assertEquals(Map.of(), missing("jackson-core"));
        assertEquals(Map.of(), missing("failureaccess"));
    }
}
