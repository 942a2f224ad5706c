package io.modulets.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A description of a namespace: an immutable snapshot {module name -> version}, with the digest of each module's
 * jar. It holds no class loader, so keeping it does not keep the namespace's code in memory.
 *
 * <p>Two builds with the same version are different code: {@link #digests()} tells which bytes a namespace runs.
 * {@link #toString()} shows each version with the first 12 hex digits of its digest: {@code ns-3{app=2@1f2e3d4c5b6a}}.
 *
 * @param id the namespace's id, {@code ns-<generation>}
 * @param generation the namespace's generation; a newer namespace has a higher one
 * @param modules module name -> version, sorted by name; immutable
 * @param digests module name -> SHA-256 of its jar (lower-case hex), sorted by name; immutable; for the same modules
 *     as {@code modules}, or empty when unknown
 */
public record NamespaceInfo(String id, long generation, Map<String, String> modules, Map<String, String> digests) {

    /** Checks and copies the components into immutable sorted maps. */
    public NamespaceInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modules, "modules");
        Objects.requireNonNull(digests, "digests");
        modules = Collections.unmodifiableMap(new TreeMap<>(modules));
        digests = Collections.unmodifiableMap(new TreeMap<>(digests));
        if (!digests.isEmpty() && !digests.keySet().equals(modules.keySet())) {
            throw new IllegalArgumentException("digests are for modules " + digests.keySet() + ", not " + modules.keySet());
        }
    }

    /** A namespace description without digests. */
    public NamespaceInfo(String id, long generation, Map<String, String> modules) {
        this(id, generation, modules, Map.of());
    }

    /** The version of {@code module} in this namespace, or null if the namespace does not have it. */
    public String versionOf(String module) {
        return modules.get(module);
    }

    /** The SHA-256 (lower-case hex) of the jar of {@code module} in this namespace, or null if unknown. */
    public String digestOf(String module) {
        return digests.get(module);
    }

    @Override
    public String toString() {
        if (digests.isEmpty()) {
            return id + modules;
        }
        StringBuilder s = new StringBuilder(id).append('{');
        modules.forEach((name, version) -> {
            if (s.charAt(s.length() - 1) != '{') {
                s.append(", ");
            }
            String digest = digests.get(name);
            s.append(name).append('=').append(version).append('@').append(digest, 0, Math.min(12, digest.length()));
        });
        return s.append('}').toString();
    }
}
