package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Runs {@link MissingPackages} after a promotion on each module whose loader the new namespace created (a new
 * version, or the same version with a changed requires-closure: a reused loader sees what it saw before), and logs
 * one WARN on {@code io.modulets.deploy} for a module with missing packages. The same module bytes with the same
 * missing packages are not reported again while the module stays in the current namespace, however often its loader
 * is re-created. (A module that comes back on a loader an older live namespace kept was checked when that loader was
 * made: its missing set is recorded again, not reported.) A missing package is never a rejection: the module is
 * deployed all the same.
 *
 * <p>Confined to the control thread.
 */
final class DeployTimeCheck {

    private static final Logger LOG = Logger.getLogger("io.modulets.deploy");

    private final Predicate<String> platform;
    /** "name@digest" of each module of the current namespace -> the missing packages last found (empty if none). */
    private Map<String, Set<String>> found = Map.of();

    /** @param platform whether a package comes from the platform layer */
    DeployTimeCheck(Predicate<String> platform) {
        this.platform = platform;
    }

    /** Checks the modules of {@code next} whose loaders none of {@code before} (the namespaces live until then) had. */
    void promoted(Namespace next, List<Namespace> before) {
        Set<ModuleClassLoader> existing = Collections.newSetFromMap(new IdentityHashMap<>());
        before.forEach(ns -> existing.addAll(ns.loaders()));
        Map<String, Set<String>> now = new HashMap<>();
        for (ModuleClassLoader loader : next.loaders()) {
            ModuleVersion module = loader.module();
            String key = module.name() + "@" + module.digest();
            Set<String> last = found.get(key);
            boolean reused = existing.contains(loader);
            if (reused && last != null) {
                now.put(key, last);
                continue;
            }
            SortedMap<String, String> missing = MissingPackages.among(module.references(),
                    MissingPackages.visibleTo(module, next.modules()), platform);
            if (!reused && !missing.isEmpty() && !missing.keySet().equals(last)) {
                LOG.warn(MissingPackages.warning(module, next.info().id(), missing));
            }
            now.put(key, Set.copyOf(missing.keySet()));
        }
        found = now;
    }
}
