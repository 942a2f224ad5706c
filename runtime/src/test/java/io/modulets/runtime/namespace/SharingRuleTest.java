package io.modulets.runtime.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modulets.runtime.module.ModuleVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 7's table: which loaders of the live namespaces a new namespace reuses.
 *
 * <p>A namespace is written as modules separated by spaces, each {@code name@version}, then optionally
 * {@code #digest} (else the digest follows from name and version: same version, same bytes), then optionally
 * {@code >a,b} (declared requires) and {@code ~c,d} (derived requires, counted only when present). The loader of
 * module {@code m} in the i-th live namespace is called {@code i:m}. The expected result names the loader each
 * reused module gets; a module not named there gets a new loader.
 */
class SharingRuleTest {

    static Stream<Arguments> table() {
        return Stream.of(
                row("independent modules: the unchanged one is reused",
                        live("a@1 b@1"), "a@1 b@2", "a=0:a"),
                row("nothing changed: everything is reused",
                        live("lib@1 app@1>lib solo@1"), "lib@1 app@1>lib solo@1", "app=0:app lib=0:lib solo=0:solo"),
                row("a library with its one user updated: the library's loader is new too",
                        live("lib@1 app@1>lib"), "lib@1 app@2>lib", ""),
                row("a library updated: its user's loader is new too",
                        live("lib@1 app@1>lib"), "lib@2 app@1>lib", ""),
                row("two users of one library, one updated: the library and the other user are new, an unrelated module is reused",
                        live("lib@1 a@1>lib b@1>lib x@1"), "lib@1 a@2>lib b@1>lib x@1", "x=0:x"),
                row("a chain, its end updated: the whole chain is new",
                        live("a@1>b b@1>c c@1 z@1"), "a@1>b b@1>c c@2 z@1", "z=0:z"),
                row("a chain, its head updated: the whole chain is new",
                        live("a@1>b b@1>c c@1 z@1"), "a@2>b b@1>c c@1 z@1", "z=0:z"),
                row("a diamond, one side updated: the whole diamond is new",
                        live("top@1>left,right left@1>base right@1>base base@1"),
                        "top@1>left,right left@2>base right@1>base base@1", ""),
                row("a user whose dependency changed but whose bytes did not: its other library is new too",
                        live("app@1>json,lib json@1 lib@1"), "app@1>json,lib json@1 lib@2", ""),
                row("a module in no group is reused whatever else changes",
                        live("solo@1 lib@1 app@1>lib"), "solo@1 lib@2 app@2>lib", "solo=0:solo"),
                row("same version, other bytes: new",
                        live("a@1 b@1"), "a@1#rebuilt b@1", "b=0:b"),
                row("a group that gains a member is new",
                        live("lib@1 app@1>lib"), "lib@1 app@1>lib tool@1>lib", ""),
                row("a group that loses a member is new",
                        live("lib@1 app@1>lib tool@1>lib"), "lib@1 app@1>lib", ""),
                row("a module that links two groups makes one new group",
                        live("a@1>x x@1 b@1>y y@1"), "a@1>x x@1 b@1>y y@1 c@1>x,y", ""),
                row("a group is reused from whichever live namespace holds it",
                        live("lib@1 app@1>lib", "lib@1"), "lib@1 app@1>lib", "app=0:app lib=0:lib"),
                row("derived requires of present modules link a group like declared ones",
                        live("core@1 databind@1~core,annotations"), "core@1 databind@1~core,annotations app@1",
                        "core=0:core databind=0:databind"),
                row("a derived require links nothing while its module is absent, so its arrival changes the group",
                        live("databind@1~core other@1"), "databind@1~core core@1 other@1", "other=0:other"),
                row("retired loaders are never reused",
                        live("a@1 b@1").retired("0:a"), "a@1 b@1", "b=0:b"),
                row("a group with one retired loader is new as a whole",
                        live("lib@1 app@1>lib").retired("0:lib"), "lib@1 app@1>lib", ""),
                row("a group whose loaders are retired in one live namespace is taken from another",
                        live("a@1", "a@1").retired("0:a"), "a@1", "a=1:a"),
                row("no live namespace: everything is new",
                        live(), "a@1 b@1>a", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void reused_liveNamespacesAndNext_reusesExactlyTheUnchangedGroups(String description, Live live, String next,
            String expected) {
        Map<String, String> reused = SharingRule.reused(modules(next), live.namespaces(), live.retired()::contains);

        assertEquals(loaders(expected), new TreeMap<>(reused));
    }

    @Test
    void groups_starAndLoneModule_twoGroupsInNameOrder() {
        List<SortedSet<String>> groups = SharingRule.groups(modules("m00@1>m01,m02 m01@1 m02@1 m03@1 alone@1"));

        assertEquals(List.of(Set.of("alone"), Set.of("m00", "m01", "m02"), Set.of("m03")), groups.stream().map(Set::copyOf).toList());
    }

    // ---- the notation ----

    /** Live namespaces and the loaders of them that are retired. */
    record Live(List<SharingRule.Live<String>> namespaces, Set<String> retired) {
        Live retired(String... loaders) {
            return new Live(namespaces, Set.of(loaders));
        }

        @Override
        public String toString() {
            return namespaces.stream().map(ns -> new TreeMap<>(ns.loaders()).values().toString()).toList()
                    + (retired.isEmpty() ? "" : " retired " + retired);
        }
    }

    static Arguments row(String description, Live live, String next, String expected) {
        return Arguments.of(description, live, next, expected);
    }

    static Live live(String... namespaces) {
        List<SharingRule.Live<String>> live = new ArrayList<>();
        for (int i = 0; i < namespaces.length; i++) {
            Map<String, ModuleVersion> modules = modules(namespaces[i]);
            Map<String, String> loaders = new HashMap<>();
            for (String name : modules.keySet()) {
                loaders.put(name, i + ":" + name);
            }
            live.add(new SharingRule.Live<>(modules, loaders));
        }
        return new Live(live, Set.of());
    }

    static Map<String, ModuleVersion> modules(String spec) {
        Map<String, ModuleVersion> modules = new HashMap<>();
        for (String module : spec.isBlank() ? new String[0] : spec.trim().split(" +")) {
            ModuleVersion version = module(module);
            modules.put(version.name(), version);
        }
        return modules;
    }

    /** {@code name@version[#digest][>declared,...][~derived,...]}. */
    static ModuleVersion module(String spec) {
        String rest = spec;
        List<String> derived = List.of();
        if (rest.contains("~")) {
            derived = names(rest.substring(rest.indexOf('~') + 1));
            rest = rest.substring(0, rest.indexOf('~'));
        }
        List<String> declared = List.of();
        if (rest.contains(">")) {
            declared = names(rest.substring(rest.indexOf('>') + 1));
            rest = rest.substring(0, rest.indexOf('>'));
        }
        String name = rest.substring(0, rest.indexOf('@'));
        String version = rest.substring(rest.indexOf('@') + 1);
        String digest = name + "-" + version;
        if (version.contains("#")) {
            digest = version.substring(version.indexOf('#') + 1);
            version = version.substring(0, version.indexOf('#'));
        }
        return new ModuleVersion(name, version, declared, derived, digest, Path.of(digest + ".jar"), Set.of(name),
                List.of(), Map.of());
    }

    private static List<String> names(String list) {
        return Arrays.asList(list.split(","));
    }

    private static Map<String, String> loaders(String expected) {
        Map<String, String> loaders = new TreeMap<>();
        for (String pair : expected.isBlank() ? new String[0] : expected.trim().split(" +")) {
            loaders.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return loaders;
    }
}
