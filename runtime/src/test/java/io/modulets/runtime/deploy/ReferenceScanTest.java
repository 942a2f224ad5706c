package io.modulets.runtime.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.testkit.ModuleJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan over small compiled classes, through {@link JarValidator} as a deploy runs it: each way code can name a
 * class counts, with the class that does; annotations do not, nested annotation types and enums included.
 */
class ReferenceScanTest {

    @TempDir
    Path dir;

    /** One package per way of naming a class, so each shows on its own. */
    private ModuleJar dependencies() {
        return ModuleJar.named("dep").version("1")
                .source("dep.made.Made", "package dep.made; public class Made { public Made() {} }")
                .source("dep.called.Util", "package dep.called; public class Util { public static int call() { return 1; } }")
                .source("dep.field.Holder", "package dep.field; public class Holder { public static int value = 1; }")
                .source("dep.cast.Cast", "package dep.cast; public class Cast {}")
                .source("dep.caught.Oops", "package dep.caught; public class Oops extends RuntimeException {}")
                .source("dep.literal.Literal", "package dep.literal; public class Literal {}")
                .source("dep.array.Element", "package dep.array; public class Element {}")
                .source("dep.arraycast.Item", "package dep.arraycast; public class Item {}")
                .source("dep.multi.Cell", "package dep.multi; public class Cell {}")
                .source("dep.superclass.Base", "package dep.superclass; public class Base { public Base() {} }")
                .source("dep.iface.Iface", "package dep.iface; public interface Iface {}")
                .source("dep.nestednew.Outer", "package dep.nestednew; public class Outer { public static class Inner {} }")
                .source("dep.nestedliteral.Outer", "package dep.nestedliteral; public class Outer { public static class Nested {} }")
                .source("dep.nestedcatch.Outer", """
                        package dep.nestedcatch;
                        public class Outer { public static class Failure extends RuntimeException {} }
                        """)
                .source("dep.innerref.Thing", "package dep.innerref; public class Thing {}")
                .source("dep.runtimeann.RuntimeMark", """
                        package dep.runtimeann;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                        public @interface RuntimeMark {}
                        """)
                .source("dep.classann.ClassMark", """
                        package dep.classann;
                        @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.CLASS)
                        public @interface ClassMark {}
                        """)
                .source("dep.nestedann.Outer", """
                        package dep.nestedann;
                        public class Outer {
                            @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
                            public @interface Mark { Kind value(); }
                            public enum Kind { A }
                        }
                        """);
    }

    private static final String USES = """
            package app;
            @dep.runtimeann.RuntimeMark
            @dep.classann.ClassMark
            @dep.nestedann.Outer.Mark(dep.nestedann.Outer.Kind.A)
            public class Uses extends dep.superclass.Base implements dep.iface.Iface {
                @dep.runtimeann.RuntimeMark @dep.nestedann.Outer.Mark(dep.nestedann.Outer.Kind.A)
                int annotatedField;

                public Object all(Object o) {
                    new dep.made.Made();
                    int x = dep.called.Util.call() + dep.field.Holder.value;
                    dep.cast.Cast c = (dep.cast.Cast) o;
                    try { x++; } catch (dep.caught.Oops e) { x--; }
                    Object literal = dep.literal.Literal.class;
                    Object array = new dep.array.Element[x];
                    Object arrayCast = (dep.arraycast.Item[]) o;
                    Object cells = new dep.multi.Cell[x][x];
                    new dep.nestednew.Outer.Inner();
                    Object nested = dep.nestedliteral.Outer.Nested.class;
                    try { x++; } catch (dep.nestedcatch.Outer.Failure e) { x--; }
                    int[][] primitives = new int[x][x];
                    return java.util.List.of(c, literal, array, arrayCast, cells, nested, primitives, new Helper());
                }

                @dep.runtimeann.RuntimeMark
                void annotated(@dep.classann.ClassMark @dep.nestedann.Outer.Mark(dep.nestedann.Outer.Kind.A) int p) {}

                class Inner { Object thing() { return new dep.innerref.Thing(); } }
            }
            """;

    private int jars;

    private CodeReferences scan(ModuleJar jar) throws InvalidJarException {
        Path file = jar.writeTo(dir.resolve("scanned-" + ++jars + ".jar"));
        return new JarValidator().validate(file, file.getFileName().toString()).references();
    }

    /** The references outside the JDK's {@code java.*} packages, sorted. */
    private static Map<String, String> beyondJava(CodeReferences references) {
        Map<String, String> beyond = new TreeMap<>();
        references.byPackage().forEach((pkg, referrer) -> {
            if (!pkg.startsWith("java.")) {
                beyond.put(pkg, referrer);
            }
        });
        return beyond;
    }

    @Test
    void scan_everyWayCodeNamesAClass_countedWithItsClass_annotationsNotCounted() throws Exception {
        Path deps = dependencies().writeTo(dir.resolve("dep.jar"));
        ModuleJar app = ModuleJar.named("app").version("1").compileAgainst(deps)
                .source("app.Uses", USES)
                .source("app.Helper", "package app; class Helper { Object own() { return new Uses(); } }");

        CodeReferences references = scan(app);

        Map<String, String> expected = new TreeMap<>();
        for (String pkg : List.of("made", "called", "field", "cast", "caught", "literal", "array", "arraycast", "multi",
                "superclass", "iface", "nestednew", "nestedliteral", "nestedcatch")) {
            expected.put("dep." + pkg, "app.Uses");
        }
        expected.put("dep.innerref", "app.Uses$Inner");
        assertEquals(expected, beyondJava(references),
                "no dep.runtimeann, dep.classann, dep.nestedann (annotations only), no app (its own), no primitive arrays");
        assertEquals("app.Uses", references.byPackage().get("java.util"));
    }

    /** The class files of {@code jar}, by entry name. */
    private static Map<String, byte[]> classesOf(ModuleJar jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar.toBytes()))) {
            for (JarEntry e; (e = in.getNextJarEntry()) != null; ) {
                if (e.getName().endsWith(".class")) {
                    classes.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    private static byte[] versioned(String refersTo) throws IOException {
        return classesOf(ModuleJar.named("v").source("app.Versioned",
                "package app; public class Versioned { Object x() { return new " + refersTo + "(); } }")
                .source(refersTo, "package " + refersTo.substring(0, refersTo.lastIndexOf('.')) + "; public class "
                        + refersTo.substring(refersTo.lastIndexOf('.') + 1) + " {}"))
                .get("app/Versioned.class");
    }

    private ModuleJar multiRelease() throws IOException {
        byte[] onlyIn11 = classesOf(ModuleJar.named("v").source("app.OnlyIn11",
                "package app; class OnlyIn11 { Object x() { return new dep.only11.X(); } }")
                .source("dep.only11.X", "package dep.only11; public class X {}")).get("app/OnlyIn11.class");
        return ModuleJar.named("app").version("1")
                .resource("app/Versioned.class", versioned("dep.base.Old"))
                .resource("META-INF/versions/9/app/Versioned.class", versioned("dep.v9.Older"))
                .resource("META-INF/versions/11/app/Versioned.class", versioned("dep.v11.New"))
                .resource("META-INF/versions/11/app/OnlyIn11.class", onlyIn11)
                .resource("META-INF/versions/99/app/Versioned.class", versioned("dep.v99.Future"))
                .resource("META-INF/versions/11/module-info.class", versioned("dep.moduleinfo.Nope"));
    }

    @Test
    void scan_multiReleaseJar_theVersionThisJdkLoadsCountsUnderItsRealName() throws Exception {
        CodeReferences references = scan(multiRelease().header("Multi-Release", "true"));

        assertEquals(Map.of("dep.v11", "app.Versioned", "dep.only11", "app.OnlyIn11"), beyondJava(references),
                "version 11 wins over 9 and the base on JDK " + Runtime.version().feature() + "; 99 is not loaded");
    }

    @Test
    void scan_versionedClassesWithoutMultiReleaseHeader_onlyTheBaseCounts() throws Exception {
        assertEquals(Map.of("dep.base", "app.Versioned"), beyondJava(scan(multiRelease())));
    }

    @Test
    void scan_classEntryThatIsNotAClassFile_jarStillValid_theOtherClassesCount() throws Exception {
        Path deps = dependencies().writeTo(dir.resolve("dep.jar"));
        ModuleJar app = ModuleJar.named("app").version("1").compileAgainst(deps)
                .source("app.Good", "package app; class Good { Object x() { return new dep.made.Made(); } }")
                .resource("app/Broken.class", "not a class file".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals(Map.of("dep.made", "app.Good"), beyondJava(scan(app)));
    }

    @Test
    void scan_codeThatDoesNotRead_jarStillValid_theNestedOnlyPackageCounts() throws Exception {
        Path deps = dependencies().writeTo(dir.resolve("dep.jar"));
        byte[] odd = classesOf(ModuleJar.named("odd").compileAgainst(deps).source("app.Odd", """
                package app;
                @dep.nestedann.Outer.Mark(dep.nestedann.Outer.Kind.A)
                public class Odd { static int f() { return 0x7A; } }
                """)).get("app/Odd.class");
        int at = indexOf(odd, new byte[] {0x10, 0x7A, (byte) 0xAC}); // bipush 0x7A; ireturn
        assertTrue(at > 0, "the compiled method is where the test expects it");
        odd[at] = (byte) 0xFF; // impdep2: no instruction the class-file reader accepts in code

        ModuleJar app = ModuleJar.named("app").version("1").resource("app/Odd.class", odd);

        assertEquals("app.Odd", scan(app).byPackage().get("dep.nestedann"),
                "code that cannot be read counts as using what only its InnerClasses names: a warning, not silence");
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void isMultiRelease_decidedAsTheJdksJarFileDecides_table() {
        Map<Map<String, String>, Boolean> rows = Map.of(
                Map.of("Multi-Release", "true"), true,
                Map.of("multi-release", "TRUE"), true, // header names are case-insensitive, and so is parseBoolean
                Map.of("Multi-Release", "false"), false,
                Map.of("Multi-Release", "yes"), false,
                Map.of("Multi-Release", "true "), false, // Boolean.parseBoolean does not trim, nor does JarFile
                Map.of(), false);
        rows.forEach((manifest, expected) -> assertEquals(expected, ReferenceScan.isMultiRelease(manifest), manifest.toString()));
    }

    @Test
    void wants_table() {
        ReferenceScan scan = new ReferenceScan(25);
        Map<String, Boolean> rows = Map.of(
                "a/B.class", true,
                "B.class", true,
                "a/B.txt", false,
                "module-info.class", false,
                "META-INF/versions/11/module-info.class", false,
                "META-INF/versions/11/a/B.class", true,
                "META-INF/versions/25/a/B.class", true,
                "META-INF/versions/26/a/B.class", false,
                "META-INF/versions/8/a/B.class", false,
                "META-INF/versions/x/a/B.class", false);
        rows.forEach((entry, wanted) -> assertEquals(wanted, scan.wants(entry), entry));
        assertEquals(false, scan.wants("META-INF/other/a/B.class"));
    }

    @Test
    void plus_joinsPackages_theFirstValuesReferrerWins_noneIsTheIdentity() {
        CodeReferences module = new CodeReferences(Map.of("a", "app.A", "shared", "app.S"));
        CodeReferences bundled = new CodeReferences(Map.of("b", "lib.B", "shared", "lib.S"));

        assertEquals(Map.of("a", "app.A", "b", "lib.B", "shared", "app.S"), module.plus(bundled).byPackage());
        assertEquals(module, module.plus(CodeReferences.NONE));
        assertEquals(module, CodeReferences.NONE.plus(module));
        assertEquals(module.plus(bundled).plus(CodeReferences.NONE), module.plus(bundled.plus(CodeReferences.NONE)));
    }
}
