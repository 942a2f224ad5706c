package io.modulets.runtime.namespace;

import io.modulets.runtime.module.ModuleVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds namespaces, reusing a loader whenever its module's version and the versions of its
 * requires-closure are unchanged (rule 7): updating one module of fifty re-creates the loaders of that module
 * and of the modules that require it, not fifty. Loaders are created, not filled: no class is loaded here.
 *
 * <p>Used by the control thread only.
 */
public final class NamespaceFactory {

    private final PlatformLayer platform;
    private final AtomicLong generations = new AtomicLong();

    public NamespaceFactory(PlatformLayer platform) {
        this.platform = platform;
    }

    /** The platform layer, parent of every loader this factory creates. */
    public PlatformLayer platform() {
        return platform;
    }

    /** The empty namespace, generation 0. */
    public Namespace empty() {
        return new Namespace(generations.getAndIncrement(), Map.of(), Map.of());
    }

    /**
     * A namespace of {@code modules}, reusing the loaders of {@code reusable} (the live namespaces) where the
     * closure is unchanged. Every required module must be in {@code modules}.
     */
    public Namespace create(Map<String, ModuleVersion> modules, List<Namespace> reusable) {
        Map<String, ModuleClassLoader> existing = new HashMap<>();
        for (Namespace ns : reusable) {
            for (ModuleClassLoader loader : ns.loaders()) {
                existing.putIfAbsent(loader.closureKey(), loader);
            }
        }
        Map<String, ModuleClassLoader> loaders = new HashMap<>();
        List<ModuleClassLoader> created = new ArrayList<>();
        for (ModuleVersion module : modules.values()) {
            String key = closureKey(module, modules);
            ModuleClassLoader loader = existing.get(key);
            if (loader == null || loader.isRetired()) {
                loader = new ModuleClassLoader(module, platform, key);
                created.add(loader);
            }
            loaders.put(module.name(), loader);
        }
        for (ModuleClassLoader loader : created) {
            List<ModuleClassLoader> closure = new ArrayList<>();
            for (String name : closureOf(loader.module(), modules)) {
                closure.add(loaders.get(name));
            }
            loader.linkClosure(closure);
        }
        return new Namespace(generations.getAndIncrement(), modules, loaders);
    }

    /** The modules {@code module} requires, directly or not, breadth-first, without itself. */
    public static List<String> closureOf(ModuleVersion module, Map<String, ModuleVersion> modules) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(module.requires());
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (name.equals(module.name()) || !seen.add(name)) {
                continue;
            }
            ModuleVersion required = modules.get(name);
            if (required == null) {
                throw new IllegalArgumentException(module + " requires " + name + ", which the namespace lacks");
            }
            queue.addAll(required.requires());
        }
        return new ArrayList<>(seen);
    }

    /** The module's digest followed by the digests of its closure: equal keys, equal class resolution. */
    private static String closureKey(ModuleVersion module, Map<String, ModuleVersion> modules) {
        StringBuilder key = new StringBuilder(module.name()).append('=').append(module.digest());
        for (String name : closureOf(module, modules)) {
            key.append('+').append(name).append('=').append(modules.get(name).digest());
        }
        return key.toString();
    }
}
