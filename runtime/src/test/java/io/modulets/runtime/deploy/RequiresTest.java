package io.modulets.runtime.deploy;

import static io.modulets.runtime.deploy.PolicyBench.file;
import static io.modulets.runtime.deploy.PolicyBench.library;
import static io.modulets.runtime.deploy.PolicyBench.module;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.modulets.runtime.deploy.DeployState.Entry;
import io.modulets.runtime.deploy.Requires.Resolution;
import io.modulets.runtime.module.ModuleVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The requires fixpoint on its own: what it keeps, holds and takes out, and that it ends. */
class RequiresTest {

    private static Map<String, String> versions(Resolution resolution) {
        Map<String, String> versions = new TreeMap<>();
        resolution.modules().forEach((name, m) -> versions.put(name, m.version()));
        return versions;
    }

    @Test
    void resolve_allRequirementsOffered_keepsTheNewestOfEach() {
        Resolution r = Requires.resolve(Map.of(
                file("base-1.jar"), new Entry(module("base", "1"), 1),
                file("base-2.jar"), new Entry(module("base", "2"), 2),
                file("app.jar"), new Entry(module("app", "1", "base"), 3)), Map.of());

        assertEquals(Map.of("app", "1", "base", "2"), versions(r));
        assertEquals(Map.of(), r.unmet());
        assertEquals(file("base-2.jar"), r.chosen().get("base"));
    }

    @Test
    void resolve_newestVersionUnmet_fallsBackToAnOlderSourceOfTheModule() {
        Resolution r = Requires.resolve(Map.of(
                file("app-1.jar"), new Entry(module("app", "1"), 1),
                file("app-2.jar"), new Entry(module("app", "2", "base"), 2)), Map.of());

        assertEquals(Map.of("app", "1"), versions(r));
        assertEquals(Map.of(file("app-2.jar"), List.of("base")), r.unmet());
    }

    @Test
    void resolve_requiredModuleOnlyDeployed_heldNamingItsHolder() {
        ModuleVersion base = module("base", "1");
        Resolution r = Requires.resolve(Map.of(file("app.jar"), new Entry(module("app", "1", "base"), 1)),
                Map.of("base", base, "gone", module("gone", "1")));

        assertEquals(Map.of("app", "1", "base", "1"), versions(r));
        assertEquals(Map.of("base", "app 1"), r.held());
    }

    @Test
    void resolve_deployedMapNotClosedUnderRequires_endsAndDropsTheUnmetHeldModule() {
        // Never deployed by the policy itself; the bound of the loop must not depend on that.
        Map<String, ModuleVersion> deployed = Map.of("mid", module("mid", "1", "low"));
        Map<Source, Entry> entries = Map.of(file("top.jar"), new Entry(module("top", "1", "mid"), 1));

        Resolution r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Requires.resolve(entries, deployed));

        assertEquals(Map.of(), versions(r));
        assertEquals(Map.of(file("top.jar"), List.of("mid")), r.unmet());
    }

    @Test
    void resolve_severalDeclaredRequirementsMissing_namesEveryOneInDeclaredOrder() {
        Resolution r = Requires.resolve(Map.of(
                file("b.jar"), new Entry(module("b", "1"), 1),
                file("app.jar"), new Entry(module("app", "1", "a", "b", "c"), 2)), Map.of());

        assertEquals(Map.of("b", "1"), versions(r));
        assertEquals(Map.of(file("app.jar"), List.of("a", "c")), r.unmet());
    }

    @Test
    void resolve_requirementPresentButItselfUnmet_namedWithTheAbsentOnes() {
        Resolution r = Requires.resolve(Map.of(
                file("mid.jar"), new Entry(module("mid", "1", "low"), 1),
                file("top.jar"), new Entry(module("top", "1", "mid", "other"), 2)), Map.of());

        assertEquals(Map.of(), versions(r));
        assertEquals(Map.of(file("mid.jar"), List.of("low"), file("top.jar"), List.of("mid", "other")), r.unmet());
    }

    @Test
    void resolve_derivedRequireAbsent_ignoredNotUnmet() {
        // the raw pom of a library names what it may shade in (jackson-core names fastdoubleparser)
        Resolution r = Requires.resolve(Map.of(file("guava.jar"), new Entry(library("guava", "33", "failureaccess"), 1)),
                Map.of());

        assertEquals(Map.of("guava", "33"), versions(r));
        assertEquals(Map.of(), r.unmet());
        assertEquals(List.of(), r.modules().get("guava").requiresAmong(r.modules().keySet()));
    }

    @Test
    void resolve_derivedRequirePresent_counts() {
        Resolution r = Requires.resolve(Map.of(
                file("guava.jar"), new Entry(library("guava", "33", "failureaccess", "jspecify"), 1),
                file("failureaccess.jar"), new Entry(library("failureaccess", "1"), 2)), Map.of());

        assertEquals(Map.of("failureaccess", "1", "guava", "33"), versions(r));
        assertEquals(List.of("failureaccess"), r.modules().get("guava").requiresAmong(r.modules().keySet()));
    }

    @Test
    void resolve_derivedRequireWhoseFileLeft_heldLikeADeclaredOne() {
        ModuleVersion failureaccess = library("failureaccess", "1");
        Resolution r = Requires.resolve(Map.of(file("guava.jar"), new Entry(library("guava", "33", "failureaccess"), 1)),
                Map.of("guava", library("guava", "33", "failureaccess"), "failureaccess", failureaccess));

        assertEquals(Map.of("failureaccess", "1", "guava", "33"), versions(r));
        assertEquals(Map.of("failureaccess", "guava 33"), r.held());
    }

    @Test
    void resolve_derivedRequireOfAHeldModule_heldToo() {
        // app requires jackson-databind, whose file left; databind's pom names jackson-core, whose file left too
        Map<String, ModuleVersion> deployed = Map.of(
                "app", module("app", "1", "jackson-databind"),
                "jackson-databind", library("jackson-databind", "2", "jackson-core"),
                "jackson-core", library("jackson-core", "2"));
        Resolution r = Requires.resolve(Map.of(file("app.jar"), new Entry(module("app", "1", "jackson-databind"), 1)),
                deployed);

        assertEquals(Map.of("app", "1", "jackson-core", "2", "jackson-databind", "2"), versions(r));
        assertEquals(Map.of("jackson-databind", "app 1", "jackson-core", "jackson-databind 2"), r.held());
    }
}
