package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 7 with a real library: Jackson's three jars from Maven Central shared in the folder, and an app module that
 * serializes and reads back one of its own records. Jackson caches the types it has seen ({@code TypeFactory}'s
 * cache, a static of databind), so a Jackson loader that outlived an app version would hold that version's classes
 * and with them its loader.
 */
class SharedLibraryUnloadTest {

    private static final int UPDATES = 20;
    private static final String APP = "app";

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    /**
     * {@code app.RoundTrip} writes an {@code app.Order} record with Jackson and reads it back, so that Jackson's type
     * cache holds the app's classes; it returns the JSON. Each version differs in its manifest only.
     */
    static ModuleJar app(String version) {
        return ModuleJar.named(APP).version(version).requires("jackson-databind")
                .compileAgainst(RealLibraries.jar("jackson-databind"), RealLibraries.jar("jackson-core"),
                        RealLibraries.jar("jackson-annotations"))
                .source("app.Order", "package app; public record Order(String id, int quantity, java.util.List<String> tags) { }")
                .source("app.RoundTrip", """
                        package app;
                        import com.fasterxml.jackson.databind.ObjectMapper;
                        import io.modulets.api.*;
                        public class RoundTrip implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                ObjectMapper mapper = new ObjectMapper();
                                Order order = new Order(ctx.namespace().modules().get("app"), 3, java.util.List.of("x", "y"));
                                String json = mapper.writeValueAsString(order);
                                Order back = mapper.readValue(json, Order.class);
                                if (!back.equals(order)) {
                                    throw new IllegalStateException(json + " read back as " + back);
                                }
                                return json;
                            }
                        }
                        """);
    }

    /**
     * Jackson's jars as they come from Maven Central: databind requires the other two through its embedded Maven
     * metadata (rule 1), and the app names only databind, which it uses directly.
     */
    private void dropJackson() {
        RealLibraries.dropInto(fx.watchDir, "jackson-core");
        RealLibraries.dropInto(fx.watchDir, "jackson-annotations");
        RealLibraries.dropInto(fx.watchDir, "jackson-databind");
    }

    @Test
    void update_appUsingSharedJacksonUpdatedTwentyTimes_everyOldAppVersionCollected() {
        dropJackson();
        fx.drop("app.jar", app("1"));
        fx.start();
        fx.awaitVersion(APP, "1");

        for (int v = 1; v <= UPDATES; v++) {
            roundTrip(v);
            ModuleJar.writeAtomically(fx.watchDir.resolve("app.jar"), app(String.valueOf(v + 1)).toBytes());
            fx.awaitVersion(APP, String.valueOf(v + 1));
        }
        roundTrip(UPDATES + 1);

        await().atMost(WAIT).pollInterval(POLL).until(() -> !leakSuspects().isEmpty()
                || JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class, e -> e.module().equals(APP)).size() >= UPDATES);
        List<RuntimeEvent.LeakSuspected> leaks = leakSuspects();
        assertTrue(leaks.isEmpty(), () -> "old versions are held: " + leaks);
        assertEquals(UPDATES, JobTestSupport.eventsOf(fx, RuntimeEvent.Collected.class, e -> e.module().equals(APP)).size());
    }

    private void roundTrip(int version) {
        JobHandle<String> job = fx.runtime.submit(JobSpec.of(APP, "app.RoundTrip"));
        assertEquals("{\"id\":\"" + version + "\",\"quantity\":3,\"tags\":[\"x\",\"y\"]}", result(job));
    }

    private List<RuntimeEvent.LeakSuspected> leakSuspects() {
        return JobTestSupport.eventsOf(fx, RuntimeEvent.LeakSuspected.class, e -> true);
    }
}
