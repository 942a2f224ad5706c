package io.modulets.runtime.namespace;

import io.modulets.runtime.module.ModuleVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Rule 7 as a pure function: which loaders of the live namespaces a new namespace reuses. The unit that is shared or
 * re-created together is a <em>group</em>: a connected part of the namespace's requires graph (modules linked by
 * effective requires, {@link ModuleVersion#requiresAmong}, in either direction). A group's loaders are reused when a
 * live namespace holds the same group: the same module names, each with the same version and digest. Otherwise
 * every loader of the group is new.
 *
 * <p>Why the group, and nothing finer. A loader {@code L} of module {@code M} may be reused only if
 * <ol>
 * <li>the loaders {@code L} links to (its requires-closure) are reused too: a namespace never mixes two loaders of
 *     one module, so an app and its library see the same classes; and
 * <li>no loader that could have handed its classes to {@code L} is replaced: the loaders of the modules that require
 *     {@code M}, directly or not. A library caches what its users give it (Jackson's type cache, a thread that
 *     captured a job's context loader), so a library loader that outlives one of its users' loaders keeps that
 *     user's classes alive. This is about loaders, not bytes: a user whose jar is unchanged but whose loader is
 *     re-created (because something else it requires changed) replaces a loader just the same.
 * </ol>
 * Following 1 (down the requires) and 2 (up them) to a fixpoint reaches the whole connected group. A group may not
 * gain a member either while its loaders are shared: the old namespaces lack the newcomer, and one of them that
 * outlives the newcomer's loader (a long job holds it) would keep, through the shared library loader, the
 * newcomer's classes alive after it was retired. So a group is reused only when it is the same group. Its loaders
 * then serve exactly the same namespaces, and so are retired together: no loader ever outlives a loader whose
 * classes it may hold.
 *
 * <p>What it saves: a group that did not change keeps its loaders, and a library has one loader per version of
 * its group, not one per user. What it costs: updating one module re-creates the loaders of its whole group.
 */
final class SharingRule {

    private SharingRule() {
    }

    /**
     * One live namespace as the rule sees it.
     *
     * @param modules module name -> version
     * @param loaders module name -> the loader that serves it there; one for each module
     */
    record Live<L>(Map<String, ModuleVersion> modules, Map<String, L> loaders) {
        Live {
            modules = Map.copyOf(modules);
            loaders = Map.copyOf(loaders);
        }
    }

    /**
     * The loaders a namespace of {@code next} reuses: for each group of {@code next}, the loaders of the first live
     * namespace that holds the same group with none of those loaders retired.
     *
     * @param next the new namespace's modules, name -> version
     * @param live the live namespaces, in the order to look in
     * @param retired whether a loader has been retired (never reused)
     * @return module name -> the live loader it reuses, for each module whose group is reused; every other module of
     *     {@code next} needs a new loader
     */
    static <L> Map<String, L> reused(Map<String, ModuleVersion> next, List<Live<L>> live, Predicate<? super L> retired) {
        Map<Map<String, List<String>>, List<Map<String, L>>> liveGroups = new HashMap<>();
        for (Live<L> ns : live) {
            for (SortedSet<String> group : groups(ns.modules())) {
                Map<String, L> loaders = new HashMap<>();
                group.forEach(name -> loaders.put(name, ns.loaders().get(name)));
                liveGroups.computeIfAbsent(key(group, ns.modules()), k -> new ArrayList<>()).add(loaders);
            }
        }
        Map<String, L> reused = new HashMap<>();
        for (SortedSet<String> group : groups(next)) {
            for (Map<String, L> candidate : liveGroups.getOrDefault(key(group, next), List.of())) {
                if (candidate.values().stream().noneMatch(retired)) {
                    reused.putAll(candidate);
                    break;
                }
            }
        }
        return reused;
    }

    /**
     * The groups of {@code modules}: the connected parts of its requires graph, each a sorted set of names, in the
     * order of their first names. A require of a module that is not there links nothing.
     */
    static List<SortedSet<String>> groups(Map<String, ModuleVersion> modules) {
        Map<String, Set<String>> links = new HashMap<>();
        modules.keySet().forEach(name -> links.put(name, new TreeSet<>()));
        for (ModuleVersion module : modules.values()) {
            for (String required : module.requiresAmong(modules.keySet())) {
                if (links.containsKey(required) && !required.equals(module.name())) {
                    links.get(module.name()).add(required);
                    links.get(required).add(module.name());
                }
            }
        }
        List<SortedSet<String>> groups = new ArrayList<>();
        Set<String> placed = new TreeSet<>();
        for (String start : new TreeSet<>(modules.keySet())) {
            if (placed.contains(start)) {
                continue;
            }
            SortedSet<String> group = new TreeSet<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            while (!queue.isEmpty()) {
                String name = queue.poll();
                if (group.add(name)) {
                    queue.addAll(links.get(name));
                }
            }
            placed.addAll(group);
            groups.add(group);
        }
        return groups;
    }

    /** What makes two groups the same: each member's name -> its version and digest, in name order. */
    static Map<String, List<String>> key(SortedSet<String> group, Map<String, ModuleVersion> modules) {
        Map<String, List<String>> members = new TreeMap<>();
        for (String name : group) {
            ModuleVersion module = modules.get(name);
            members.put(name, List.of(module.version(), module.digest()));
        }
        return members;
    }
}
