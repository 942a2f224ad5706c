package io.modulets.runtime;

import java.util.List;

/**
 * One module as {@link ModuletRuntime#modules()} shows it: its current version and every version still alive.
 *
 * @param name the module's name
 * @param version its version in the current namespace
 * @param digest the SHA-256 of that version's jar (lower-case hex)
 * @param pinned whether an operator pinned that version ({@link ModuletRuntime#pin}); if false, the folder decides
 * @param live every version of it that a live namespace holds, the current one included, oldest first
 */
public record ModuleStatus(String name, String version, String digest, boolean pinned, List<LiveVersion> live) {

    public ModuleStatus {
        live = List.copyOf(live);
    }

    /**
     * A version of a module that live namespaces hold.
     *
     * @param version the version
     * @param digest the SHA-256 of its jar
     * @param namespaces the ids of the live namespaces that hold it, oldest first
     */
    public record LiveVersion(String version, String digest, List<String> namespaces) {
        public LiveVersion {
            namespaces = List.copyOf(namespaces);
        }
    }
}
