package io.modulets.runtime.module;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One accepted version of a module: who it is and its immutable bytes in the store. What a namespace is made
 * of; the deploy policy decides which versions those are.
 *
 * @param name the module's name
 * @param version its version
 * @param requires the modules it declares it requires ({@code Modulet-Requires}), without duplicates: each must be
 *     present for the module to count (rule 4)
 * @param derivedRequires the modules a plain library's embedded Maven metadata names (rule 1): each is required
 *     when a module of that name is present, and ignored otherwise; disjoint from {@code requires}
 * @param digest SHA-256 of the jar, lower-case hex
 * @param storeFile the jar in the store
 * @param packages the packages its own classes are in (not those of its bundled jars, which are private to it)
 * @param bundled the jars nested under {@code lib/} in the module jar, in the order the loader searches them
 * @param references per package that its code (its own classes and its bundled jars' classes) refers to, one class
 *     that refers to it, by binary name: what the deploy-time check compares with what the module can see
 */
public record ModuleVersion(String name, String version, List<String> requires, List<String> derivedRequires,
        String digest, Path storeFile, Set<String> packages, List<BundledJar> bundled, Map<String, String> references) {

    public ModuleVersion {
        requires = List.copyOf(requires);
        derivedRequires = List.copyOf(derivedRequires);
        packages = Set.copyOf(packages);
        bundled = List.copyOf(bundled);
        references = Map.copyOf(references);
    }

    /** A module with declared requires only, nothing bundled and no references recorded. */
    public ModuleVersion(String name, String version, List<String> requires, String digest, Path storeFile,
            Set<String> packages) {
        this(name, version, requires, List.of(), digest, storeFile, packages, List.of(), Map.of());
    }

    /**
     * The modules it requires in a namespace of {@code present} module names: every declared one, then the derived
     * ones that are present, without duplicates.
     */
    public List<String> requiresAmong(Set<String> present) {
        if (derivedRequires.isEmpty()) {
            return requires;
        }
        List<String> all = new ArrayList<>(requires);
        for (String derived : derivedRequires) {
            if (present.contains(derived) && !all.contains(derived)) {
                all.add(derived);
            }
        }
        return all;
    }

    /** The digests of every store file its loader reads: its own jar's, then its bundled jars'. */
    public List<String> digests() {
        if (bundled.isEmpty()) {
            return List.of(digest);
        }
        List<String> all = new ArrayList<>(bundled.size() + 1);
        all.add(digest);
        bundled.forEach(jar -> all.add(jar.digest()));
        return all;
    }

    /** The first 12 hex digits of its digest: enough to tell two builds apart in a log line. */
    public String shortDigest() {
        return digest.substring(0, Math.min(12, digest.length()));
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
