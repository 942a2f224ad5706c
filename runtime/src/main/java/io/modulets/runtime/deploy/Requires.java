package io.modulets.runtime.deploy;

import io.modulets.runtime.deploy.DeployState.Entry;
import io.modulets.runtime.module.ModuleVersion;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The requires fixpoint (rules 4 and 5): the module map the sources decide once every {@code Modulet-Requires} is
 * met. Starting from the current version of each module, a module whose requirement nothing offers is taken out
 * and the choice is made again (another source of that module may now be current), until every requirement is
 * met. A required module whose sources all left stays, held from the namespace deployed before, while a module
 * that counts requires it.
 *
 * <p>A pure function: no logging, no events; the caller turns the {@link Resolution} into actions.
 */
final class Requires {

    private Requires() {
    }

    /**
     * What {@link #resolve} found.
     *
     * @param modules the module map, by name: every requirement of every module in it is in it
     * @param chosen for the modules that come from an entry, the source it comes from (the others are held)
     * @param held modules kept from the deployed map although no entry offers them, each with the module that
     *     requires it
     * @param unmet the sources taken out, each with the requirement that nothing offers
     */
    record Resolution(Map<String, ModuleVersion> modules, Map<String, Source> chosen, Map<String, String> held,
            Map<Source, String> unmet) {
        Resolution {
            modules = Map.copyOf(modules);
            chosen = Map.copyOf(chosen);
            held = Map.copyOf(held);
            unmet = Map.copyOf(unmet);
        }
    }

    /**
     * Resolves the requires of {@code entries}, holding modules of {@code deployed} that a counted module requires.
     *
     * <p>Termination: there are {@code n = entries.size() + deployed.size()} things a pass can take out (an entry,
     * or a deployed module as a candidate to hold). A pass that finds every requirement met returns; any other pass
     * takes out at least one of them that was still in: an unmet module is either current from an entry not taken
     * out yet (the entry goes) or held from the deployed map and not taken out yet (it may no longer be held). So
     * the loop ends after at most {@code n + 1} passes. (A deployed map closed under requires, as every deployed
     * map is, never has a held module unmet; the second case only keeps the bound independent of that.)
     */
    static Resolution resolve(Map<Source, Entry> entries, Map<String, ModuleVersion> deployed) {
        Map<Source, Entry> candidates = new HashMap<>(entries);
        Map<String, ModuleVersion> holdable = new HashMap<>(deployed);
        Map<Source, String> unmet = new LinkedHashMap<>();
        for (;;) {
            Map<String, Source> chosen = CurrentVersions.choose(candidates);
            Map<String, ModuleVersion> modules = new HashMap<>();
            chosen.forEach((name, source) -> modules.put(name, candidates.get(source).module()));
            Map<String, String> held = new HashMap<>();
            Map<String, String> missing = close(modules, holdable, held);
            if (missing.isEmpty()) {
                return new Resolution(modules, chosen, held, unmet);
            }
            missing.forEach((module, requirement) -> {
                Source source = chosen.get(module);
                if (source != null) {
                    candidates.remove(source);
                    unmet.put(source, requirement);
                } else {
                    holdable.remove(module);
                }
            });
        }
    }

    /**
     * Adds to {@code modules} every module of {@code holdable} that one of them requires and no entry offers,
     * recording who holds it in {@code held}; returns module -> its first requirement nothing provides.
     */
    private static Map<String, String> close(Map<String, ModuleVersion> modules, Map<String, ModuleVersion> holdable,
            Map<String, String> held) {
        Map<String, String> missing = new LinkedHashMap<>();
        Deque<ModuleVersion> queue = new ArrayDeque<>(modules.values());
        while (!queue.isEmpty()) {
            ModuleVersion module = queue.poll();
            for (String required : module.requires()) {
                if (modules.containsKey(required)) {
                    continue;
                }
                ModuleVersion kept = holdable.get(required);
                if (kept != null) {
                    modules.put(required, kept);
                    held.put(required, module.toString());
                    queue.add(kept);
                } else {
                    missing.putIfAbsent(module.name(), required);
                }
            }
        }
        return missing;
    }
}
