package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Board;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10: a retired version held by a static field that no remedy may clear is named in the leak suspect: the
 * field, its class and the module that owns it, rather than a generic sentence.
 */
class StaticHolderNamingTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private final String key = "static-holder-" + UUID.randomUUID();

    @AfterEach
    void clearBoard() {
        Board.clear(key);
    }

    /** {@code app.Give} leaves an object of its own class on the shared board, under the key it is given. */
    static ModuleJar app(String version) {
        return ModuleJar.named("app").version(version)
                .source("app.Token", "package app; public final class Token { }")
                .source("app.Give", "package app; public class Give implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) {"
                        + " io.modulets.testshared.Board.put(ctx.arg(\"key\"), new Token()); return \"given\"; } }");
    }

    /** {@code keeper.Take}, of a module unrelated to app, takes what is on the board into a static list of its own. */
    static ModuleJar keeper() {
        return ModuleJar.named("keeper").version("1")
                .source("keeper.Take", """
                        package keeper;
                        import io.modulets.api.*;
                        import java.util.*;
                        public class Take implements Job<String> {
                            static final List<Object> KEPT = Collections.synchronizedList(new ArrayList<>());
                            public String run(JobContext ctx) {
                                KEPT.add(io.modulets.testshared.Board.get(ctx.arg("key")));
                                return "kept";
                            }
                        }
                        """);
    }

    @Test
    void leakSuspected_liveModulesStaticHoldsObjectOfRetiredVersion_causeNamesTheFieldAndItsModule() {
        fx.drop("app.jar", app("1"));
        fx.drop("keeper.jar", keeper());
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
        NamespaceInfo first = fx.awaitVersion("app", "1");
        fx.awaitVersion("keeper", "1");
        assertEquals("given", result(fx.runtime.submit(JobSpec.of("app", "app.Give").withArg("key", key))));
        assertEquals("kept", result(fx.runtime.submit(JobSpec.of("keeper", "keeper.Take").withArg("key", key))));
        Board.clear(key); // only keeper's static holds the token now

        fx.drop("app.jar", app("2"));
        fx.awaitVersion("app", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("app") && e.version().equals("1"));
        assertTrue(leak.cause().contains("static field keeper.Take.KEPT of module keeper 1 (still live) holds an element"
                + " of its collection: a app.Token"), leak.cause());
    }

    /** {@code cv.Cache} computes, for a JDK class, a value of its own class and keeps it in a static ClassValue. */
    static ModuleJar classValue(String version) {
        return ModuleJar.named("cv").version(version)
                .source("cv.Token", "package cv; public final class Token { }")
                .source("cv.Cache", """
                        package cv;
                        import io.modulets.api.*;
                        public class Cache implements Job<String> {
                            static final ClassValue<Object> TOKENS = new ClassValue<>() {
                                @Override
                                protected Object computeValue(Class<?> type) {
                                    return new Token();
                                }
                            };
                            public String run(JobContext ctx) {
                                return TOKENS.get(StringBuilder.class).getClass().getName();
                            }
                        }
                        """);
    }

    @Test
    void leakSuspected_classValueComputedForAJdkClass_causeNamesTheClassValue() {
        fx.drop("cv.jar", classValue("1"));
        fx.start(fx.builder().leakDeadline(Duration.ofSeconds(1)));
        NamespaceInfo first = fx.awaitVersion("cv", "1");
        assertEquals("cv.Token", result(fx.runtime.submit(JobSpec.of("cv", "cv.Cache"))));

        fx.drop("cv.jar", classValue("2"));
        fx.awaitVersion("cv", "2");
        awaitRetired(fx, first.id());

        RuntimeEvent.LeakSuspected leak = fx.awaitEvent(RuntimeEvent.LeakSuspected.class,
                e -> e.module().equals("cv") && e.version().equals("1"));
        assertTrue(leak.cause().contains("static ClassValue cv.Cache.TOKENS"), leak.cause());
    }
}
