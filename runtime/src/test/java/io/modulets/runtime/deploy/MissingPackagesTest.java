package io.modulets.runtime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.runtime.module.BundledJar;
import io.modulets.runtime.module.ModuleVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The deploy-time check as pure functions: what is missing, what a module sees, and the line that says so. */
class MissingPackagesTest {

    private static final Predicate<String> PLATFORM = pkg -> pkg.startsWith("java.") || pkg.equals("io.modulets.api");

    private record Row(String because, Map<String, String> references, Set<String> visible, Map<String, String> missing) {
    }

    @Test
    void among_table() {
        List<Row> rows = List.of(
                new Row("no references, nothing missing", Map.of(), Set.of("a"), Map.of()),
                new Row("platform packages are always there", Map.of("java.util", "app.A", "io.modulets.api", "app.B"),
                        Set.of(), Map.of()),
                new Row("a platform prefix is not a platform package", Map.of("io.modulets.apix", "app.A"), Set.of(),
                        Map.of("io.modulets.apix", "app.A")),
                new Row("visible packages are there", Map.of("lib", "app.A", "lib.sub", "app.B"),
                        Set.of("lib", "lib.sub"), Map.of()),
                new Row("a visible package does not make its sub-packages visible", Map.of("lib.sub", "app.A"),
                        Set.of("lib"), Map.of("lib.sub", "app.A")),
                new Row("each missing package keeps its referring class", Map.of("x", "app.A", "y", "app.B$Inner",
                        "java.lang", "app.A", "lib", "app.C"), Set.of("lib"), Map.of("x", "app.A", "y", "app.B$Inner")),
                new Row("the unnamed package can be missing", Map.of("", "app.A"), Set.of(), Map.of("", "app.A")));
        for (Row row : rows) {
            SortedMap<String, String> missing = MissingPackages.among(row.references(), row.visible(), PLATFORM);
            assertEquals(row.missing(), missing, row.because());
            assertEquals(List.copyOf(new TreeMap<>(row.missing()).keySet()), List.copyOf(missing.keySet()),
                    row.because() + ": sorted by package");
        }
    }

    private static ModuleVersion module(String name, Set<String> packages, List<BundledJar> bundled,
            String... requires) {
        return new ModuleVersion(name, "1", List.of(requires), List.of(), name + "-digest-0123456789",
                Path.of("/store/" + name + ".jar"), packages, bundled, Map.of());
    }

    @Test
    void visibleTo_ownAndBundledPackagesAndThoseOfTheWholeClosure_notOthersNorTheClosuresBundledJars() {
        BundledJar appLib = new BundledJar("lib/private.jar", "p", Path.of("/store/p.jar"), Set.of("app.private"));
        BundledJar baseLib = new BundledJar("lib/hidden.jar", "h", Path.of("/store/h.jar"), Set.of("base.hidden"));
        Map<String, ModuleVersion> modules = new HashMap<>();
        modules.put("app", module("app", Set.of("app"), List.of(appLib), "mid"));
        modules.put("mid", module("mid", Set.of("mid", "mid.util"), List.of(), "base"));
        modules.put("base", module("base", Set.of("base"), List.of(baseLib)));
        modules.put("other", module("other", Set.of("other"), List.of()));

        assertEquals(Set.of("app", "app.private", "mid", "mid.util", "base"),
                MissingPackages.visibleTo(modules.get("app"), modules));
        assertEquals(Set.of("base", "base.hidden"), MissingPackages.visibleTo(modules.get("base"), modules));
    }

    private static SortedMap<String, String> missing(int count) {
        SortedMap<String, String> missing = new TreeMap<>();
        IntStream.rangeClosed(1, count).forEach(i -> missing.put("p%02d".formatted(i), "app.C" + i));
        return missing;
    }

    @Test
    void warning_table() {
        ModuleVersion app = module("app", Set.of("app"), List.of());
        String advice = "; it is deployed, but code that uses them fails with NoClassDefFoundError: add the module"
                + " that provides them to Modulet-Requires, bundle it under lib/, or drop it into the folder";
        String adviceForOne = advice.replace("them", "it");
        String head = "module app 1 (app-digest-0) in ns-3 refers to ";
        Map<SortedMap<String, String>, String> rows = Map.of(
                new TreeMap<>(Map.of("com.missing", "app.Job$Step")),
                head + "a package that nothing it can see provides: com.missing (used by app.Job$Step)" + adviceForOne,
                new TreeMap<>(Map.of("b", "app.B", "a", "app.A")),
                head + "2 packages that nothing it can see provides: a (used by app.A), b (used by app.B)" + advice,
                new TreeMap<>(Map.of("", "Top")),
                head + "a package that nothing it can see provides: the unnamed package (used by Top)" + adviceForOne,
                missing(10),
                head + "10 packages that nothing it can see provides: " + listed(10) + advice,
                missing(13),
                head + "13 packages that nothing it can see provides: " + listed(10) + " and 3 more" + advice);
        rows.forEach((missing, line) -> assertEquals(line, MissingPackages.warning(app, "ns-3", missing)));
    }

    private static String listed(int count) {
        return String.join(", ", IntStream.rangeClosed(1, count).mapToObj(i -> "p%02d (used by app.C%d)".formatted(i, i)).toList());
    }
}
