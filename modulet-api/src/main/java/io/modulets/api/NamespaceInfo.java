package io.modulets.api;

import java.util.Map;
import java.util.Objects;

/**
 * A description of a namespace: an immutable snapshot {module name -> version}. It holds no class loader,
 * so keeping it does not keep the namespace's code in memory.
 *
 * @param id the namespace's id, {@code ns-<generation>}
 * @param generation the namespace's generation; a newer namespace has a higher one
 * @param modules module name -> version, sorted by name; immutable
 */
public record NamespaceInfo(String id, long generation, Map<String, String> modules) {

    /** Checks and copies the components; {@code modules} is copied into an immutable sorted map. */
    public NamespaceInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modules, "modules");
        modules = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(modules));
    }

    /** The version of {@code module} in this namespace, or null if the namespace does not have it. */
    public String versionOf(String module) {
        return modules.get(module);
    }

    @Override
    public String toString() {
        return id + modules;
    }
}
