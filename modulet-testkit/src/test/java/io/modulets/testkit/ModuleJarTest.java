package io.modulets.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
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
}
