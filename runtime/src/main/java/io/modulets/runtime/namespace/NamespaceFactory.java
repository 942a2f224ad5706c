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
import org.jboss.logging.Logger;

/**
 * Builds namespaces, reusing the loaders of the live namespaces that {@link SharingRule} (rule 7) picks: those of
 * every group of modules (a connected part of the requires graph) that a live namespace holds unchanged. Updating
 * one module of fifty that share nothing re-creates one loader; updating a module re-creates the loaders of its
 * whole group, so that no shared library loader outlives the loaders of its users. Loaders are created, not filled:
 * no class is loaded here.
 *
 * <p>Used by the control thread only.
 */
public final class NamespaceFactory {

    private static final Logger LOG = Logger.getLogger("io.modulets.namespace");

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
     * A namespace of {@code modules}, reusing the loaders of {@code reusable} (the live namespaces) that rule 7
     * allows. Every required module must be in {@code modules}.
     */
    public Namespace create(Map<String, ModuleVersion> modules, List<Namespace> reusable) {
        List<SharingRule.Live<ModuleClassLoader>> live = new ArrayList<>();
        for (Namespace ns : reusable) {
            Map<String, ModuleClassLoader> loaders = new HashMap<>();
            ns.modules().keySet().forEach(name -> loaders.put(name, ns.loader(name)));
            live.add(new SharingRule.Live<>(ns.modules(), loaders));
        }
        Map<String, ModuleClassLoader> loaders = new HashMap<>(SharingRule.reused(modules, live, ModuleClassLoader::isRetired));
        List<ModuleClassLoader> created = new ArrayList<>();
        for (ModuleVersion module : modules.values()) {
            if (!loaders.containsKey(module.name())) {
                ModuleClassLoader loader = new ModuleClassLoader(module, platform);
                created.add(loader);
                loaders.put(module.name(), loader);
            }
        }
        for (ModuleClassLoader loader : created) {
            List<ModuleClassLoader> closure = new ArrayList<>();
            for (String name : closureOf(loader.module(), modules)) {
                closure.add(loaders.get(name));
            }
            loader.linkClosure(closure);
        }
        LOG.debugf("namespace of %d modules: %d loaders reused, %d new", modules.size(), modules.size() - created.size(),
                created.size());
        return new Namespace(generations.getAndIncrement(), modules, loaders);
    }

    /** The modules {@code module} requires, directly or not, breadth-first, without itself. */
    public static List<String> closureOf(ModuleVersion module, Map<String, ModuleVersion> modules) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(module.requiresAmong(modules.keySet()));
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (name.equals(module.name()) || !seen.add(name)) {
                continue;
            }
            ModuleVersion required = modules.get(name);
            if (required == null) {
                throw new IllegalArgumentException(module + " requires " + name + ", which the namespace lacks");
            }
            queue.addAll(required.requiresAmong(modules.keySet()));
        }
        return new ArrayList<>(seen);
    }
}
