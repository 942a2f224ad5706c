package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.Job;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rule 6: module code sees the platform layer, its own jar and its requires; nothing else. */
class ClassVisibilityTest {

    private static final List<String> HIDDEN = List.of(
            "io.modulets.runtime.ModuletRuntime",
            "io.modulets.runtime.namespace.ModuleClassLoader",
            "com.github.benmanes.caffeine.cache.Caffeine",
            "io.quarkus.arc.Arc",
            "io.quarkus.runtime.Quarkus",
            "io.modulets.testkit.ModuleJar",
            "org.junit.jupiter.api.Test",
            ClassVisibilityTest.class.getName());

    private static final List<Class<?>> PLATFORM = List.of(
            Job.class, io.modulets.api.JobContext.class, io.smallrye.mutiny.Uni.class, Logger.class,
            String.class, java.sql.Connection.class, java.net.http.HttpClient.class,
            io.modulets.testshared.Gates.class);

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();



    /**
     * {@code look.Look} resolves each name in its {@code names} argument with {@code Class.forName} (its own
     * loader) and through its context loader, and returns name -> the Class, or the message of the
     * ClassNotFoundException.
     */
    static ModuleJar look() {
        return ModuleJar.named("look").version("1")
                .source("look.Look", """
                        package look;
                        import io.modulets.api.*;
                        import java.util.*;
                        public class Look implements Job<Map<String, Object>> {
                            public Map<String, Object> run(JobContext ctx) {
                                Map<String, Object> seen = new LinkedHashMap<>();
                                for (String name : ctx.arg("names").split(",")) {
                                    seen.put(name, find(name, () -> Class.forName(name)));
                                    seen.put("ctx:" + name, find(name,
                                            () -> Thread.currentThread().getContextClassLoader().loadClass(name)));
                                    String resource = name.replace('.', '/') + ".class";
                                    seen.put("resource:" + name, String.valueOf(Look.class.getClassLoader().getResource(resource)));
                                }
                                seen.put("parallel", Look.class.getClassLoader().isRegisteredAsParallelCapable());
                                return seen;
                            }
                            interface Lookup { Class<?> find() throws ClassNotFoundException; }
                            static Object find(String name, Lookup lookup) {
                                try {
                                    return lookup.find();
                                } catch (ClassNotFoundException e) {
                                    return "CNFE: " + e.getMessage();
                                }
                            }
                        }
                        """);
    }

    @Test
    void classForName_runtimeInternalsLibrariesAndHostClasses_classNotFound() {
        fx.drop("look.jar", look());
        fx.start();
        fx.awaitVersion("look", "1");

        Map<String, Object> seen = result(fx.runtime.<Map<String, Object>>submit(
                JobSpec.of("look", "look.Look").withArg("names", String.join(",", HIDDEN))));

        for (String name : HIDDEN) {
            for (String how : List.of("", "ctx:")) {
                Object found = seen.get(how + name);
                assertInstanceOf(String.class, found, how + name + " is visible to module code: " + found);
                assertTrue(((String) found).startsWith("CNFE: ") && ((String) found).contains(name), how + name + ": " + found);
            }
            assertEquals("null", seen.get("resource:" + name), "the class file of " + name + " is visible as a resource");
        }
    }

    @Test
    void classForName_platformLayerClasses_sameClassObjectsAsTheHost() {
        fx.drop("look.jar", look());
        fx.start();
        fx.awaitVersion("look", "1");
        String names = String.join(",", PLATFORM.stream().map(Class::getName).toList());

        Map<String, Object> seen = result(fx.runtime.<Map<String, Object>>submit(
                JobSpec.of("look", "look.Look").withArg("names", names)));

        for (Class<?> platform : PLATFORM) {
            assertSame(platform, seen.get(platform.getName()), platform.getName());
            assertSame(platform, seen.get("ctx:" + platform.getName()), "through the context loader: " + platform.getName());
        }
        assertEquals(true, seen.get("parallel"), "module loaders must be parallel-capable");
    }

    @Test
    void classForName_classOfPresentModuleNotRequired_classNotFound() {
        fx.drop("look.jar", look());
        fx.drop("other.jar", ModuleJar.named("other").version("1")
                .source("other.Other", "package other; public class Other { }"));
        fx.start();
        fx.awaitVersion("other", "1");
        fx.awaitVersion("look", "1");

        Map<String, Object> seen = result(fx.runtime.<Map<String, Object>>submit(
                JobSpec.of("look", "look.Look").withArg("names", "other.Other")));

        assertInstanceOf(String.class, seen.get("other.Other"), "a module sees a module it does not require");
        assertTrue(((String) seen.get("other.Other")).contains("look 1"), seen.get("other.Other").toString());
    }

    /**
     * Module {@code shadow} bundles its own {@code io.modulets.api.Job} (an unrelated interface) and a new class
     * {@code io.modulets.api.Extra} in the platform's package; {@code shadow.ShadowJob}, a real job, reports
     * what those names resolve to.
     */
    @Test
    void loadClass_moduleBundlesPlatformNamedClass_platformClassWins() throws Exception {
        Map<String, byte[]> fakes = classesOf(ModuleJar.named("fake").version("0")
                .source("io.modulets.api.Job", "package io.modulets.api; public interface Job { String fake(); }")
                .source("io.modulets.api.Extra", "package io.modulets.api; public class Extra { }")
                .toBytes());
        ModuleJar shadow = ModuleJar.named("shadow").version("1")
                .source("shadow.ShadowJob", """
                        package shadow;
                        import io.modulets.api.*;
                        import java.util.*;
                        public class ShadowJob implements Job<List<Object>> {
                            public List<Object> run(JobContext ctx) throws Exception {
                                List<Object> seen = new ArrayList<>();
                                seen.add(Class.forName("io.modulets.api.Job"));
                                try {
                                    seen.add(Class.forName("io.modulets.api.Extra"));
                                } catch (ClassNotFoundException e) {
                                    seen.add("CNFE: " + e.getMessage());
                                }
                                return seen;
                            }
                        }
                        """);
        fakes.forEach((name, bytes) -> shadow.resource(name.replace('.', '/') + ".class", bytes));
        fx.drop("shadow.jar", shadow);
        fx.start();
        fx.awaitVersion("shadow", "1");

        List<Object> seen = result(fx.runtime.<List<Object>>submit(JobSpec.of("shadow", "shadow.ShadowJob")));

        assertSame(Job.class, seen.get(0), "the module's own io.modulets.api.Job shadowed the platform's");
        assertInstanceOf(String.class, seen.get(1), "a module added a class to a platform package: " + seen.get(1));
        assertTrue(((String) seen.get(1)).contains("io.modulets.api.Extra"), seen.get(1).toString());
        assertNull(ClassLoader.getSystemClassLoader().getResource("io/modulets/api/Extra.class"));
    }

    private static Map<String, byte[]> classesOf(byte[] jar) throws Exception {
        Map<String, byte[]> classes = new java.util.TreeMap<>();
        try (var in = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (var entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    String name = entry.getName();
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        return classes;
    }
}
