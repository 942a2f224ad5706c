package io.modulets.runtime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 1's requires of a plain library, from its embedded Maven pom, as a pure function: which pom, which
 * dependencies, and what a pom that does not parse gives.
 */
class MavenMetadataTest {

    private static final String NS = "xmlns=\"http://maven.apache.org/POM/4.0.0\"";

    private static String pom(String artifactId, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project " + NS + "><modelVersion>4.0.0</modelVersion>"
                + "<groupId>g</groupId><artifactId>" + artifactId + "</artifactId><version>1.0</version>" + body
                + "</project>";
    }

    private static String dep(String artifactId, String... extra) {
        return "<dependency><groupId>g</groupId><artifactId>" + artifactId + "</artifactId><version>1</version>"
                + String.join("", extra) + "</dependency>";
    }

    private static String deps(String... dependencies) {
        return "<dependencies>" + String.join("", dependencies) + "</dependencies>";
    }

    private static String entry(String artifactId) {
        return "META-INF/maven/g/" + artifactId + "/pom.xml";
    }

    /** The poms of a jar, each read as the validator reads it. */
    private static Map<String, MavenMetadata.Derived> poms(String... entryThenPom) {
        Map<String, MavenMetadata.Derived> poms = new LinkedHashMap<>();
        for (int i = 0; i < entryThenPom.length; i += 2) {
            poms.put(entryThenPom[i], MavenMetadata.read(entryThenPom[i], entryThenPom[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return poms;
    }

    /** The poms of a jar whose only pom is module lib's, with {@code body} after its coordinates. */
    private static Map<String, MavenMetadata.Derived> lib(String body) {
        return poms(entry("lib"), pom("lib", body));
    }

    private static Arguments row(String story, Map<String, MavenMetadata.Derived> poms, List<String> requires) {
        return Arguments.of(story, poms, requires);
    }

    static Stream<Arguments> pomTable() {
        return Stream.of(
                row("no scope, compile and runtime count, in pom order",
                        lib(deps(dep("a"), dep("b", "<scope>compile</scope>"), dep("c", "<scope>runtime</scope>"))),
                        List.of("a", "b", "c")),
                row("test, provided, system and import scopes do not count",
                        lib(deps(dep("t", "<scope>test</scope>"), dep("p", "<scope>provided</scope>"),
                                dep("s", "<scope>system</scope>"), dep("i", "<scope>import</scope>"), dep("a"))),
                        List.of("a")),
                row("optional dependencies do not count; optional false does",
                        lib(deps(dep("o", "<optional>true</optional>"), dep("k", "<optional>false</optional>"))),
                        List.of("k")),
                row("dependencyManagement, profiles and build plugins' dependencies are ignored",
                        lib("<dependencyManagement>" + deps(dep("managed")) + "</dependencyManagement>"
                                + "<profiles><profile><id>x</id>" + deps(dep("profiled")) + "</profile></profiles>"
                                + "<build><plugins><plugin><artifactId>p</artifactId>" + deps(dep("plugin-dep"))
                                + "</plugin></plugins></build>" + deps(dep("real"))),
                        List.of("real")),
                row("placeholders in the artifactId or scope do not count; in the version they do not matter",
                        lib(deps(dep("${other.artifact}"), dep("x-${suffix}"), dep("scoped", "<scope>${the.scope}</scope>"),
                                "<dependency><artifactId>v</artifactId><version>${v}</version></dependency>")),
                        List.of("v")),
                row("whitespace around values is trimmed; duplicates and the module itself are dropped",
                        lib(deps("<dependency><artifactId>\n  a  \n</artifactId><scope> runtime </scope></dependency>",
                                dep("a"), dep("lib"))),
                        List.of("a")),
                row("a pom without a default namespace reads the same",
                        poms(entry("lib"), "<project><artifactId>lib</artifactId>" + deps(dep("a")) + "</project>"),
                        List.of("a")),
                row("no dependencies: no requires",
                        lib(""),
                        List.of()),
                row("a shaded jar with several poms: the one whose artifactId is the module's name",
                        poms(entry("aaa-shaded-in"), pom("aaa-shaded-in", deps(dep("wrong"))),
                                entry("lib"), pom("lib", deps(dep("right"))),
                                entry("zzz-shaded-in"), pom("zzz-shaded-in", deps(dep("wrong-too")))),
                        List.of("right")),
                row("one pom whose artifactId is not the module's name (a renamed file): that one",
                        poms(entry("lib-core"), pom("lib-core", deps(dep("a")))),
                        List.of("a")),
                row("several poms, none the module's: none",
                        poms(entry("x"), pom("x", deps(dep("a"))), entry("y"), pom("y", deps(dep("b")))),
                        List.of()),
                row("no pom at all: none",
                        poms(),
                        List.of()),
                row("an artifactId that is not a module name does not count",
                        lib(deps(dep("has space"), dep("ok"))),
                        List.of("ok")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pomTable")
    void requiresOf_pom_givesTheDependenciesThatCount(String story, Map<String, MavenMetadata.Derived> poms, List<String> requires) {
        assertEquals(requires, MavenMetadata.requiresOf("lib", poms).requires());
    }

    static Stream<Arguments> brokenPoms() {
        return Stream.of(
                Arguments.of("not XML", "this is not xml"),
                Arguments.of("truncated", pom("lib", deps(dep("a"))).substring(0, 120)),
                Arguments.of("a DTD (refused: untrusted input)",
                        "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY e \"a\">]><project><dependencies>"
                                + "<dependency><artifactId>&e;</artifactId></dependency></dependencies></project>"),
                Arguments.of("an external entity (refused: untrusted input)",
                        "<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                                + "<project><dependencies><dependency><artifactId>&x;</artifactId></dependency>"
                                + "</dependencies></project>"),
                Arguments.of("another root element", "<settings><dependencies>" + dep("a") + "</dependencies></settings>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPoms")
    void requiresOf_pomThatDoesNotParse_noRequiresAndAProblemNamingThePom(String story, String pom) {
        MavenMetadata.Derived derived = MavenMetadata.requiresOf("lib", poms(entry("lib"), pom));

        assertEquals(List.of(), derived.requires());
        assertNotNull(derived.problem());
        assertTrue(derived.problem().contains(entry("lib")), derived.problem());
    }

    @Test
    void requiresOf_usablePom_noProblem() {
        assertNull(MavenMetadata.requiresOf("lib", lib(deps(dep("a")))).problem());
        assertNull(MavenMetadata.requiresOf("lib", Map.of()).problem());
    }

    static Stream<Arguments> manifests() {
        return Stream.of(
                Arguments.of("a plain library: the pom's requires", Map.of(), List.of("a", "b")),
                Arguments.of("Modulet-Name: built for Modulets, no derived requires",
                        Map.of(ModuleIdentity.NAME_HEADER, "lib"), List.of()),
                Arguments.of("Modulet-Requires alone: declared requires win, none derived",
                        Map.of(ModuleIdentity.REQUIRES_HEADER, "a"), List.of()),
                Arguments.of("other headers (Modulet-Version, Automatic-Module-Name) keep it plain",
                        Map.of(ModuleIdentity.VERSION_HEADER, "9", "Automatic-Module-Name", "x.lib"), List.of("a", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void derivedRequires_manifest_onlyForPlainLibraries(String story, Map<String, String> manifest, List<String> derived)
            throws Exception {
        ModuleIdentity identity = ModuleIdentity.of("lib-1.0.jar", manifest, "0123456789abcdef".repeat(4));
        JarContents contents = new JarContents(manifest, Set.of("lib"), 3, lib(deps(dep("a"), dep("b"))), List.of(),
                CodeReferences.NONE);

        assertEquals(derived, MavenMetadata.derivedRequires(identity, contents).requires());
    }

    @Test
    void isPomEntry_onlyTopLevelMavenMetadataPoms() {
        assertTrue(MavenMetadata.isPomEntry("META-INF/maven/com.google.guava/guava/pom.xml"));
        assertEquals(false, MavenMetadata.isPomEntry("META-INF/maven/com.google.guava/guava/pom.properties"));
        assertEquals(false, MavenMetadata.isPomEntry("lib/META-INF/maven/g/a/pom.xml"));
        assertEquals(false, MavenMetadata.isPomEntry("META-INF/maven/g/pom.xml"));
    }
}
