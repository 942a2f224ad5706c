package io.modulets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ModuleJarTest {

    @Test
    void toBytes_manifestEntry_hasTheFixedTimeSoBytesDoNotDependOnTheClock() throws Exception {
        byte[] jar = ModuleJar.named("m").version("1").source("m.A", "package m; public class A {}").toBytes();

        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName());
                assertEquals(1_577_836_800_000L, entry.getTime(), entry.getName());
            }
        }
        assertEquals(List.of("META-INF/MANIFEST.MF", "m/A.class"), entries);
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            assertEquals("m", in.getManifest().getMainAttributes().getValue("Modulet-Name"));
        }
    }

    @Test
    void toBytes_storedResourceAndVersionedSource_storedUncompressedAndUnderTheirVersion() throws Exception {
        byte[] jar = ModuleJar.named("m").version("1").header("Multi-Release", "true")
                .source("m.A", "package m; public class A {}")
                .versionedSource(21, "m.A", "package m; public class A { public static int v() { return 21; } }")
                .resource("lib/deflated.jar", new byte[100])
                .storedResource("lib/stored.jar", new byte[100])
                .toBytes();

        Map<String, Integer> methods = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                methods.put(entry.getName(), entry.getMethod());
            }
        }
        assertEquals(Map.of("META-INF/MANIFEST.MF", ZipEntry.DEFLATED, "m/A.class", ZipEntry.DEFLATED,
                "META-INF/versions/21/m/A.class", ZipEntry.DEFLATED, "lib/deflated.jar", ZipEntry.DEFLATED,
                "lib/stored.jar", ZipEntry.STORED), methods);
    }
}
