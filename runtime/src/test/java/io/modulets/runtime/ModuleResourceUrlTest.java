package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resource URLs of module jars: read their own entry, resolve relative names, and never touch the network. */
class ModuleResourceUrlTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private URL resourceUrl(String name) {
        fx.drop("res.jar", ModuleJar.named("res").version("1")
                .source("res.Find", """
                        package res;
                        public class Find implements io.modulets.api.Job<java.net.URL> {
                            public java.net.URL run(io.modulets.api.JobContext ctx) {
                                return Find.class.getClassLoader().getResource(ctx.arg("name"));
                            }
                        }
                        """)
                .resource("res/a.txt", "first".getBytes(StandardCharsets.UTF_8))
                .resource("res/b.txt", "second".getBytes(StandardCharsets.UTF_8)));
        fx.start();
        fx.awaitVersion("res", "1");
        return RuntimeFixture.result(fx.runtime.<URL>submit(JobSpec.of("res", "res.Find").withArg("name", name)));
    }

    private static String read(URL url) throws Exception {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void hashCodeAndEquals_moduleResourceUrl_noHostLookup() throws Exception {
        URL a = resourceUrl("res/a.txt");
        URL b = new URL(a, "b.txt");

        Set<URL> urls = new HashSet<>();
        urls.add(a);
        urls.add(b);
        urls.add(new URL(a, "a.txt"));

        assertEquals(2, urls.size());
        assertNotEquals(a, b);
        assertTrue(LookupRecorder.LOOKED_UP.stream().noneMatch(host -> host.equals(a.getHost())),
                "a module URL's digest was looked up as a host name: " + LookupRecorder.LOOKED_UP);
    }

    @Test
    void openStream_urlResolvedAgainstAnother_readsItsOwnEntry() throws Exception {
        URL a = resourceUrl("res/a.txt");

        assertEquals("first", read(a));
        assertEquals("second", read(new URL(a, "b.txt")));
    }
}
