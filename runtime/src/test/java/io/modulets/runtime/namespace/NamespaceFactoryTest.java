package io.modulets.runtime.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.modulets.api.Job;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 7 on real loaders over real jars: which loaders a new namespace of fifty modules shares with the live one
 * when one module is updated.
 */
class NamespaceFactoryTest {

    private static final int MODULES = 50;

    @TempDir
    Path dir;
    NamespaceFactory factory;

    @BeforeEach
    void setUp() {
        factory = new NamespaceFactory(new PlatformLayer(Job.class.getClassLoader(), List.of()));
    }

    private ModuleVersion module(int i, String version, List<String> requires) {
        String name = name(i);
        String digest = name + "-" + version;
        ModuleJar jar = ModuleJar.named(name).version(version).resource(name + "/version.txt", version.getBytes());
        if (i == 1) {
            jar.source("m01.C", "package m01; public class C { }");
        }
        return new ModuleVersion(name, version, requires, digest, jar.writeTo(dir.resolve(digest + ".jar")), Set.of(name));
    }

    private static String name(int i) {
        return String.format("m%02d", i);
    }

    /** The modules that got a loader of their own in {@code next}, rather than {@code previous}'s. */
    private static List<String> newLoaders(Namespace previous, Namespace next) {
        List<String> created = new ArrayList<>();
        for (String name : next.modules().keySet()) {
            if (next.loader(name) != previous.loader(name)) {
                created.add(name);
            }
        }
        return created.stream().sorted().toList();
    }

    @Test
    void create_oneOfFiftyIndependentModulesUpdated_onlyItsLoaderIsNew() {
        Map<String, ModuleVersion> modules = new HashMap<>();
        for (int i = 0; i < MODULES; i++) {
            modules.put(name(i), module(i, "1", List.of()));
        }
        Namespace first = factory.create(modules, List.of());
        modules.put(name(17), module(17, "2", List.of()));

        Namespace second = factory.create(modules, List.of(first));

        assertEquals(List.of(name(17)), newLoaders(first, second));
        assertEquals("2", second.loader(name(17)).module().version());
    }

    @Test
    void create_leafOfStarUpdated_allFiftyLoadersNewAndLinkedToEachOther() throws Exception {
        List<String> leaves = new ArrayList<>();
        Map<String, ModuleVersion> modules = new HashMap<>();
        for (int i = 1; i < MODULES; i++) {
            leaves.add(name(i));
            modules.put(name(i), module(i, "1", List.of()));
        }
        modules.put(name(0), module(0, "1", leaves));
        modules.put("alone", new ModuleVersion("alone", "1", List.of(), "alone-1",
                ModuleJar.named("alone").version("1").writeTo(dir.resolve("alone-1.jar")), Set.of("alone")));
        Namespace first = factory.create(modules, List.of());
        modules.put(name(49), module(49, "2", List.of()));

        Namespace second = factory.create(modules, List.of(first));

        List<String> expected = new ArrayList<>(modules.keySet());
        expected.remove("alone");
        assertEquals(expected.stream().sorted().toList(), newLoaders(first, second), "the star is one group");
        assertSame(first.loader("alone"), second.loader("alone"), "a module outside the star was re-created");
        ModuleClassLoader hub = second.loader(name(0));
        assertEquals("2", new String(hub.getResourceAsStream(name(49) + "/version.txt").readAllBytes()));
        assertSame(second.loader(name(1)), hub.loadClass("m01.C").getClassLoader(),
                "the new hub sees a leaf through another loader than the namespace's own");
    }
}
