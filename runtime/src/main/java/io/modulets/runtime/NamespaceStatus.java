package io.modulets.runtime;

import io.modulets.api.NamespaceInfo;

/**
 * A live namespace with what runs in it, as {@link ModuletRuntime#namespaces()} shows it.
 *
 * @param info which modules and versions it holds
 * @param current whether new jobs bind it
 * @param runningJobs the jobs bound to it that have not ended
 */
public record NamespaceStatus(NamespaceInfo info, boolean current, int runningJobs) {
}
