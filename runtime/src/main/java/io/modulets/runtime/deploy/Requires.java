package io.modulets.runtime.deploy;

import io.modulets.runtime.deploy.DeployState.Entry;
import io.modulets.runtime.module.ModuleVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requires fixpoint (rules 1, 4 and 5): the module map the sources decide once every {@code Modulet-Requires} is
 * met. Starting from the current version of each module, a module whose requirement nothing offers is taken out
 * and the choice is made again (another source of that module may now be current), until every requirement is
 * met. A required module whose sources all left stays, held from the namespace deployed before, while a module
 * that counts requires it.
 *
 * <p>Derived requires (a plain library's Maven metadata, {@link ModuleVersion#derivedRequires()}) are never unmet:
 * one counts when a module of that name is in the map, and is ignored otherwise (the raw pom may name what the jar
 * shades in). Being computed in every resolution, they follow the folder: guava deployed before failureaccess
 * requires it once it arrives. A derived require that was deployed and whose files all left is held like a
 * declared one, with the same WARN: the library was resolved against it, and a new namespace without it would
 * break the library's users that worked a moment ago (guava's {@code CacheBuilder} without failureaccess).
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
     * @param unmet the sources taken out, each with every declared requirement that the resulting map lacks, in
     *     declared order
     */
    record Resolution(Map<String, ModuleVersion> modules, Map<String, Source> chosen, Map<String, String> held,
            Map<Source, List<String>> unmet) {
        Resolution {
            modules = Map.copyOf(modules);
            chosen = Map.copyOf(chosen);
            held = Map.copyOf(held);
            Map<Source, List<String>> copy = new HashMap<>();
            unmet.forEach((source, missing) -> copy.put(source, List.copyOf(missing)));
            unmet = Map.copyOf(copy);
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
        Set<Source> takenOut = new HashSet<>();
        for (;;) {
            Map<String, Source> chosen = CurrentVersions.choose(candidates);
            Map<String, ModuleVersion> modules = new HashMap<>();
            chosen.forEach((name, source) -> modules.put(name, candidates.get(source).module()));
            Map<String, String> held = new HashMap<>();
            Set<String> missing = close(modules, holdable, held);
            if (missing.isEmpty()) {
                return new Resolution(modules, chosen, held, unmetOf(takenOut, entries, modules.keySet()));
            }
            for (String module : missing) {
                Source source = chosen.get(module);
                if (source != null) {
                    candidates.remove(source);
                    takenOut.add(source);
                } else {
                    holdable.remove(module);
                }
            }
        }
    }

    /**
     * Per source taken out, every declared requirement the final map lacks: a superset of what took it out, since
     * a name missing in one pass is missing in every later one (each pass has fewer candidates and fewer modules to
     * hold), so it is never empty.
     */
    private static Map<Source, List<String>> unmetOf(Set<Source> takenOut, Map<Source, Entry> entries,
            Set<String> present) {
        Map<Source, List<String>> unmet = new HashMap<>();
        for (Source source : takenOut) {
            List<String> missing = new ArrayList<>();
            for (String required : entries.get(source).module().requires()) {
                if (!present.contains(required)) {
                    missing.add(required);
                }
            }
            unmet.put(source, missing);
        }
        return unmet;
    }

    /**
     * Adds to {@code modules} every module of {@code holdable} that one of them requires (declared, or derived) and
     * no entry offers, recording who holds it in {@code held}; returns the modules with a declared requirement that
     * nothing provides.
     */
    private static Set<String> close(Map<String, ModuleVersion> modules, Map<String, ModuleVersion> holdable,
            Map<String, String> held) {
        Set<String> missing = new LinkedHashSet<>();
        Deque<ModuleVersion> queue = new ArrayDeque<>(modules.values());
        while (!queue.isEmpty()) {
            ModuleVersion module = queue.poll();
            for (String required : module.requires()) {
                if (!modules.containsKey(required) && !hold(required, module, modules, holdable, held, queue)) {
                    missing.add(module.name());
                }
            }
            for (String derived : module.derivedRequires()) {
                if (!modules.containsKey(derived)) {
                    hold(derived, module, modules, holdable, held, queue); // absent: ignored, never unmet
                }
            }
        }
        return missing;
    }

    /** Holds {@code required} from {@code holdable} for {@code holder}, if it is there; whether it was. */
    private static boolean hold(String required, ModuleVersion holder, Map<String, ModuleVersion> modules,
            Map<String, ModuleVersion> holdable, Map<String, String> held, Deque<ModuleVersion> queue) {
        ModuleVersion kept = holdable.get(required);
        if (kept == null) {
            return false;
        }
        modules.put(required, kept);
        held.put(required, holder.toString());
        queue.add(kept);
        return true;
    }
}
