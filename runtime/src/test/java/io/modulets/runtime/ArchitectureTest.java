package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The runtime's package layout, checked: dependencies run one way, and what users may use
 * ({@code io.modulets.runtime} and its Quarkus integration) exposes nothing of the internals.
 *
 * <p>Layers, each using only those listed for it (and the JDK, the platform layer and its libraries):
 * <pre>
 *   io.modulets.runtime (ModuletRuntime: wires everything)      quarkus, jmx (use ModuletRuntime only)
 *   deploy  -> watch, namespace, store, module, events, history, jfr
 *   job     -> namespace, module, events, jfr
 *   reaper  -> leak, heap, namespace, module, events
 *   leak    -> namespace, module
 *   heap    -> (nothing)
 *   watch   -> (nothing)
 *   namespace -> module
 *   store, module, events, history, jfr -> (nothing)
 * </pre>
 * Every sub-package may use the API values of {@code io.modulets.runtime} itself ({@code RuntimeEvent},
 * {@code RuntimeSettings}), never {@code ModuletRuntime}.
 */
class ArchitectureTest {

    private static final String ROOT = "io.modulets.runtime";

    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("deploy", Set.of("watch", "namespace", "store", "module", "events", "history", "jfr")),
            Map.entry("history", Set.of()),
            Map.entry("job", Set.of("namespace", "module", "events", "jfr")),
            Map.entry("reaper", Set.of("leak", "heap", "namespace", "module", "events")),
            Map.entry("leak", Set.of("namespace", "module")),
            Map.entry("heap", Set.of()),
            Map.entry("watch", Set.of()),
            Map.entry("namespace", Set.of("module")),
            Map.entry("store", Set.of()),
            Map.entry("module", Set.of()),
            Map.entry("events", Set.of()),
            Map.entry("jfr", Set.of()),
            Map.entry("quarkus", Set.of()),
            Map.entry("jmx", Set.of()));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** The sub-package of {@code ROOT} a class is in ("" for ROOT itself), or null outside ROOT. */
    private static String layerOf(JavaClass type) {
        String pkg = type.getPackageName();
        if (pkg.equals(ROOT)) {
            return "";
        }
        if (!pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void subPackages_dependOnlyOnTheLayersBelowThem() {
        Set<String> violations = new TreeSet<>();
        for (JavaClass type : CLASSES) {
            String from = layerOf(type);
            if (from == null || from.isEmpty()) {
                continue;
            }
            Set<String> allowed = MAY_USE.get(from);
            if (allowed == null) {
                violations.add("package " + from + " is not in this test's layer map: add it with the layers it may use");
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                String to = layerOf(target);
                if (to == null || to.equals(from)) {
                    continue;
                }
                boolean apiValue = to.isEmpty() && !target.getName().startsWith(ModuletRuntime.class.getName());
                boolean facadeFromQuarkus = isForUsers(from) && to.isEmpty();
                if (!apiValue && !facadeFromQuarkus && !allowed.contains(to)) {
                    violations.add(type.getName() + " -> " + target.getName() + " (" + from + " may use " + allowed + ")");
                }
            }
        }
        assertEquals(Set.of(), violations);
    }

    @Test
    void publicApi_exposesNoInternalType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : CLASSES) {
            boolean api = type.getPackageName().equals(ROOT) || isForUsers(layerOf(type));
            if (!api || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaCodeUnit unit : type.getCodeUnits()) {
                if (unit.getModifiers().contains(JavaModifier.PUBLIC)) {
                    List<JavaClass> used = new ArrayList<>(unit.getRawParameterTypes());
                    used.add(unit.getRawReturnType());
                    used.addAll(unit.getThrowsClause().getTypes());
                    used.stream().filter(ArchitectureTest::isInternal)
                            .forEach(t -> leaks.add(unit.getFullName() + " uses " + t.getName()));
                }
            }
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(JavaModifier.PUBLIC) && isInternal(field.getRawType())) {
                    leaks.add(field.getFullName() + " is of " + field.getRawType().getName());
                }
            }
        }
        assertEquals(List.of(), leaks, "the public API must not hand out internal types");
    }

    @Test
    void internalPackages_publicTypesAreOnlyThoseAnotherPackageUses() {
        List<String> needlesslyPublic = new ArrayList<>();
        for (JavaClass type : CLASSES) {
            if (!isInternal(type) || !type.getModifiers().contains(JavaModifier.PUBLIC) || type.isNestedClass()) {
                continue;
            }
            boolean usedElsewhere = type.getDirectDependenciesToSelf().stream()
                    .map(d -> d.getOriginClass().getPackageName())
                    .anyMatch(pkg -> !pkg.equals(type.getPackageName()));
            if (!usedElsewhere) {
                needlesslyPublic.add(type.getName());
            }
        }
        assertEquals(List.of(), needlesslyPublic, "public, but no other package uses them: make them package-private");
    }

    private static boolean isInternal(JavaClass type) {
        String layer = layerOf(type.getBaseComponentType());
        return layer != null && !layer.isEmpty() && !isForUsers(layer);
    }

    /** The sub-packages users use: the Quarkus integration, and the MXBeans a JMX client compiles against. */
    private static boolean isForUsers(String layer) {
        return "quarkus".equals(layer) || "jmx".equals(layer);
    }
}
