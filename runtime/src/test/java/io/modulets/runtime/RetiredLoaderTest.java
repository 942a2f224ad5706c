package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.POLL;
import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10 and README's promise: an object of a module class that is still reachable keeps working after its
 * namespace retired, lazily loaded classes and resources included, for as long as it is held; then its loader
 * is collected and its store file leaves the store.
 */
class RetiredLoaderTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    /** {@code quick.Make} returns a {@code quick.Token}; {@code Token.hello()} loads {@code quick.Helper} and reads a resource. */
    static ModuleJar quick(String version, int helpers) {
        ModuleJar jar = ModuleJar.named("quick").version(version)
                .source("quick.Make", """
                        package quick;
                        public class Make implements io.modulets.api.Job<Object> {
                            public Object run(io.modulets.api.JobContext ctx) { return new Token(); }
                        }
                        """)
                .source("quick.Token", """
                        package quick;
                        public class Token {
                            public String hello() throws Exception {
                                try (var in = Token.class.getResourceAsStream("/quick/greeting.txt")) {
                                    return Helper.greet(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                                }
                            }
                        }
                        """)
                .source("quick.Helper", "package quick; class Helper { static String greet(String s) { return s + \" from \" + Helper.class.getName(); } }")
                .resource("quick/greeting.txt", ("hello " + version).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < helpers; i++) {
            jar.source("quick.Lazy" + i, "package quick; public class Lazy" + i + " { public static int n() { return " + i + "; } }");
        }
        return jar;
    }

    private Object keptToken() {
        fx.drop("quick.jar", quick("1", 0));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("quick", "1");
        Object token = RuntimeFixture.result(fx.runtime.submit(JobSpec.of("quick", "quick.Make")));
        fx.drop("quick.jar", quick("2", 0));
        fx.awaitVersion("quick", "2");
        awaitRetired(fx, first.id());
        fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals("quick") && e.version().equals("1"));
        return token;
    }

    @Test
    void keptResult_namespaceRetired_stillLoadsItsClassesAndResources() throws Exception {
        Object token = keptToken();

        Object hello = token.getClass().getMethod("hello").invoke(token); // Helper is loaded only now

        assertEquals("hello 1 from quick.Helper", hello);
    }

    @Test
    void keptResult_runtimeClosed_stillLoadsItsClasses() throws Exception {
        Object token = keptToken();
        fx.runtime.close();

        assertEquals("hello 1 from quick.Helper", token.getClass().getMethod("hello").invoke(token));
    }

    @Test
    void keptResult_droppedAfterRetirement_loaderCollectedThenStoreFileRemoved() throws Exception {
        fx.keepHistoryVersions(0); // about files leaving the store: no old version is kept for pins
        Object token = keptToken();
        long storeFilesWhileHeld = JobTestSupport.storeFiles(fx);
        assertEquals(2, storeFilesWhileHeld, "the store must keep version 1's file while its loader may still read it");
        WeakReference<ClassLoader> loader = new WeakReference<>(token.getClass().getClassLoader());
        token = null;

        RuntimeFixture.awaitCollected(loader);
        fx.awaitEvent(RuntimeEvent.Collected.class, e -> e.module().equals("quick") && e.version().equals("1"));
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> JobTestSupport.storeFiles(fx) == 1);
    }

    @Test
    void loadClassAndGetResource_racingRetirement_neverFail() throws Exception {
        int classes = 400;
        fx.drop("quick.jar", quick("1", classes));
        fx.start();
        NamespaceInfo first = fx.awaitVersion("quick", "1");
        ClassLoader loader = RuntimeFixture.result(fx.runtime.submit(JobSpec.of("quick", "quick.Make"))).getClass().getClassLoader();
        AtomicBoolean go = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int offset = t;
            readers.add(Thread.ofPlatform().start(() -> {
                while (!go.get()) {
                    Thread.onSpinWait();
                }
                for (int i = offset; i < classes; i += 3) {
                    try {
                        Class.forName("quick.Lazy" + i, true, loader);
                        try (InputStream in = loader.getResourceAsStream("quick/greeting.txt")) {
                            assertNotNull(in, "resource gone");
                        }
                        assertNotNull(loader.getResource("quick/Lazy" + i + ".class"), "resource URL gone");
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        go.set(true);
        fx.drop("quick.jar", quick("2", 0)); // retires ns-1 and its loader while the readers run
        fx.awaitVersion("quick", "2");
        awaitRetired(fx, first.id());
        for (Thread reader : readers) {
            reader.join();
        }

        assertEquals(List.of(), failures);
    }
}
