package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.sha256;
import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 6's resource URLs: the JDK's own {@code jar:file:<store file>!/<entry>}. They parse back from their string,
 * resolve relative names against their path, serve a {@code URLClassLoader} over the module's base URL, never look
 * a host up, and do not hold the module's loader; the JDK's jar-URL cache lets go of a store file that leaves the
 * store.
 */
class ModuleResourceUrlTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    static ModuleJar res(String version) {
        return ModuleJar.named("res").version(version)
                .source("res.Find", """
                        package res;
                        public class Find implements io.modulets.api.Job<java.net.URL> {
                            public java.net.URL run(io.modulets.api.JobContext ctx) {
                                return Find.class.getClassLoader().getResource(ctx.arg("name"));
                            }
                        }
                        """)
                .resource("res/a.txt", ("first " + version).getBytes(StandardCharsets.UTF_8))
                .resource("res/b.txt", ("second " + version).getBytes(StandardCharsets.UTF_8));
    }

    private URL find(String name) {
        return RuntimeFixture.result(fx.runtime.<URL>submit(JobSpec.of("res", "res.Find").withArg("name", name)));
    }

    private URL resourceUrl(String name) {
        fx.drop("res.jar", res("1"));
        fx.start();
        fx.awaitVersion("res", "1");
        return find(name);
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path storeFile(byte[] jar) {
        return fx.stateDir.resolve("store").resolve(sha256(jar) + ".jar");
    }

    @Test
    void resourceUrl_isAJarUrlIntoTheStoreFile_andParsesBackFromItsString() throws Exception {
        URL a = resourceUrl("res/a.txt");

        assertEquals("jar:" + storeFile(res("1").toBytes()).toUri().toURL() + "!/res/a.txt", a.toString());
        assertEquals("first 1", read(new URL(a.toString())), "a URL made from the string opens the same bytes");
    }

    @Test
    void hashCodeAndEquals_moduleResourceUrl_noHostLookup() throws Exception {
        int lookupsBefore = LookupRecorder.LOOKED_UP.size();
        URL a = resourceUrl("res/a.txt");
        URL b = new URL(a, "b.txt");

        Set<URL> urls = new HashSet<>();
        urls.add(a);
        urls.add(b);
        urls.add(new URL(a, "a.txt"));
        urls.add(new URL(a.toString()));
        read(a);
        read(b);

        assertEquals(2, urls.size());
        assertNotEquals(a, b);
        assertEquals("", a.getHost());
        assertEquals(List.of(), LookupRecorder.LOOKED_UP.subList(lookupsBefore, LookupRecorder.LOOKED_UP.size()),
                "no host may be looked up for a module URL");
    }

    @Test
    void openStream_urlResolvedAgainstAnother_readsItsOwnEntry() throws Exception {
        URL a = resourceUrl("res/a.txt");

        assertEquals("first 1", read(a));
        assertEquals("second 1", read(new URL(a, "b.txt")));
        assertEquals("second 1", read(new URL(a, "../res/b.txt")));
    }

    @Test
    void urlClassLoader_overTheModulesBaseUrl_servesItsEntries() throws Exception {
        URL finder = resourceUrl("res/Find.class");
        String path = "res/Find.class";
        String base = finder.toString().substring(0, finder.toString().length() - path.length());
        assertTrue(base.startsWith("jar:file:") && base.endsWith("!/"), base);

        try (URLClassLoader decoupled = new URLClassLoader(new URL[] {new URL(base)}, io.modulets.api.Job.class.getClassLoader())) { // what Guava's Finalizer does
            assertEquals("second 1", read(decoupled.getResource("res/b.txt")));
            assertEquals("res.Find", decoupled.loadClass("res.Find").getName());
        }
    }

    @Test
    void keptUrl_itsLoaderCollected_stillOpensWhileTheStoreKeepsTheFile_thenTheFileIsClosedWhenItLeaves() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        byte[] v1 = res("1").toBytes();
        Path first = ModuleJar.writeAtomically(fx.watchDir.resolve("res-1.jar"), v1);
        fx.start();
        NamespaceInfo ns1 = fx.awaitVersion("res", "1");
        URL kept = find("res/a.txt");

        fx.drop("res-2.jar", res("2")); // a later file wins; res-1.jar stays in the folder, so its store file stays
        fx.awaitVersion("res", "2");
        awaitRetired(fx, ns1.id());
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("res") && e.version().equals("1"));
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.openFilesOf(storeFile(v1)) == 0); // loader's closed

        assertEquals("first 1", read(kept), "the URL needs the store file only, not its loader");
        assertEquals("second 1", read(new URL(kept, "b.txt")));
        assertEquals(1, JobTestSupport.openFilesOf(storeFile(v1)), "read with caches on: the JDK's jar-URL cache keeps it open");

        Files.delete(first);
        JobTestSupport.awaitControlThreadCaughtUp(fx); // a deployment, after which the store lets unused files go
        await().atMost(WAIT).pollInterval(POLL).until(() -> !Files.exists(storeFile(v1)));
        await().atMost(WAIT).pollInterval(POLL).until(() -> JobTestSupport.openFilesOf(storeFile(v1)) == 0);
        assertThrows(IOException.class, () -> read(kept), "the file has left the store");
    }
}
