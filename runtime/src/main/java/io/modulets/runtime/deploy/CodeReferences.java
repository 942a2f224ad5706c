package io.modulets.runtime.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packages that the code of a jar (or of several jars taken together) refers to outside its own packages, each
 * with one class that refers to it: what {@link MissingPackages} compares with what a module can see. A
 * {@link ReferenceScan} makes the value of one jar; {@link #plus} joins the values of a module jar and the jars it
 * bundles.
 *
 * @param byPackage package name (dotted, {@code ""} for the unnamed package) -> binary name of one class that
 *     refers to it
 */
record CodeReferences(Map<String, String> byPackage) {

    /** No references at all. */
    static final CodeReferences NONE = new CodeReferences(Map.of());

    CodeReferences {
        byPackage = Map.copyOf(byPackage);
    }

    /**
     * These references and {@code other}'s: every package either refers to, with this value's referring class where
     * both name one. Joining is associative, and {@link #NONE} is its identity.
     */
    CodeReferences plus(CodeReferences other) {
        if (other.byPackage.isEmpty()) {
            return this;
        }
        if (byPackage.isEmpty()) {
            return other;
        }
        Map<String, String> all = new LinkedHashMap<>(other.byPackage);
        all.putAll(byPackage);
        return new CodeReferences(all);
    }
}
