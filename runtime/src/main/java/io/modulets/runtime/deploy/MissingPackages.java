package io.modulets.runtime.deploy;

import io.modulets.runtime.module.BundledJar;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.NamespaceFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The deploy-time check (rule 6): the packages a module's code refers to that nothing it can see provides, so that a
 * {@link NoClassDefFoundError} shows at deploy, not in a job hours later. What a module can see is exactly what its
 * loader can load: the platform layer, its own jar and its bundled {@code lib/} jars, and the modules of its
 * requires-closure in that namespace.
 *
 * <p>Pure functions over immutable values; arguments are never null.
 */
final class MissingPackages {

    /** How many missing packages a warning names before it says how many more there are. */
    static final int LISTED = 10;

    private MissingPackages() {
    }

    /**
     * The packages of {@code references} that are neither in {@code visible} nor platform packages.
     *
     * @param references package -> one class that refers to it ({@link ModuleVersion#references()})
     * @param visible the packages the module's own jars and its requires-closure provide ({@link #visibleTo})
     * @param platform whether a package comes from the platform layer
     * @return the missing packages, sorted, each with the class that refers to it
     */
    static SortedMap<String, String> among(Map<String, String> references, Set<String> visible,
            Predicate<String> platform) {
        SortedMap<String, String> missing = new TreeMap<>();
        references.forEach((pkg, referrer) -> {
            if (!visible.contains(pkg) && !platform.test(pkg)) {
                missing.put(pkg, referrer);
            }
        });
        return missing;
    }

    /**
     * The packages {@code module} sees in the namespace {@code modules} besides the platform layer: its own, its
     * bundled jars', and those of every module of its requires-closure (not their bundled jars, which are theirs).
     */
    static Set<String> visibleTo(ModuleVersion module, Map<String, ModuleVersion> modules) {
        Set<String> visible = new HashSet<>(module.packages());
        for (BundledJar jar : module.bundled()) {
            visible.addAll(jar.packages());
        }
        for (String name : NamespaceFactory.closureOf(module, modules)) {
            visible.addAll(modules.get(name).packages());
        }
        return visible;
    }

    /**
     * The WARN line for {@code module}, deployed in {@code namespace} with the non-empty {@code missing} packages:
     * the module, version and digest, the first {@link #LISTED} packages with a class that uses each, how many
     * more, and what to do.
     */
    static String warning(ModuleVersion module, String namespace, SortedMap<String, String> missing) {
        StringBuilder line = new StringBuilder("module ").append(module).append(" (").append(module.shortDigest())
                .append(") in ").append(namespace).append(" refers to ")
                .append(missing.size() == 1 ? "a package" : missing.size() + " packages")
                .append(" that nothing it can see provides: ");
        int listed = 0;
        for (Map.Entry<String, String> e : missing.entrySet()) {
            if (listed == LISTED) {
                break;
            }
            if (listed++ > 0) {
                line.append(", ");
            }
            line.append(e.getKey().isEmpty() ? "the unnamed package" : e.getKey())
                    .append(" (used by ").append(e.getValue()).append(')');
        }
        if (missing.size() > LISTED) {
            line.append(" and ").append(missing.size() - LISTED).append(" more");
        }
        String them = missing.size() == 1 ? "it" : "them";
        return line.append("; it is deployed, but code that uses ").append(them)
                .append(" fails with NoClassDefFoundError: add the module that provides ").append(them)
                .append(" to Modulet-Requires, bundle it under lib/, or drop it into the folder").toString();
    }
}
