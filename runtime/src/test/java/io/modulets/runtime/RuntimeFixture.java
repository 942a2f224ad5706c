package io.modulets.runtime;

import static org.awaitility.Awaitility.await;

import io.modulets.api.JobHandle;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension ({@code @RegisterExtension final RuntimeFixture fx = new RuntimeFixture();}) that gives
 * each test fresh real folders, and closes the runtime and deletes the folders after it.
 *
 * A real runtime over real folders for one test: short settle, rescan and leak settings, every event
 * recorded, and helpers to build module jars and wait for the runtime to react.
 */
final class RuntimeFixture implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    static final Duration WAIT = Duration.ofSeconds(20);

    Path root;
    Path watchDir;
    Path stateDir;
    final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
    volatile ModuletRuntime runtime;
    private int historyVersions = RuntimeSettings.DEFAULT_HISTORY_VERSIONS;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("modulets-test-");
        watchDir = Files.createDirectories(root.resolve("watch"));
        stateDir = Files.createDirectories(root.resolve("state"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    ModuletRuntime.Builder builder() {
        return ModuletRuntime.builder()
                .watchDir(watchDir)
                .stateDir(stateDir)
                .settleWindow(Duration.ofMillis(300))
                .rescanInterval(Duration.ofMillis(100))
                .leakDeadline(Duration.ofSeconds(10))
                .drainTimeout(Duration.ofSeconds(2))
                .sharedPackage("io.modulets.testshared")
                .historyVersions(historyVersions);
    }

    /**
     * Makes every runtime this fixture builds keep {@code versions} old versions of each module in the store (0: only
     * what a file or a namespace uses, for the tests of how store files leave).
     */
    RuntimeFixture keepHistoryVersions(int versions) {
        this.historyVersions = versions;
        return this;
    }

    RuntimeFixture start() {
        return start(builder());
    }

    /**
     * Builds and starts a runtime, recording its events in {@link #events}. Events arrive on threads of their own,
     * so this waits until those of the deployments {@code start()} made are recorded: a test may count or clear
     * events from there on. Late events of a runtime this fixture has replaced are not recorded.
     */
    RuntimeFixture start(ModuletRuntime.Builder builder) {
        ModuletRuntime started = builder.build();
        runtime = started;
        started.events().subscribe().with(event -> {
            if (runtime == started) {
                events.add(event);
            }
        });
        started.start();
        Map<String, String> deployed = started.current().modules();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> deployed.entrySet().stream().allMatch(
                module -> events.stream().anyMatch(e -> e instanceof RuntimeEvent.Deployed d
                        && d.module().equals(module.getKey()) && d.version().equals(module.getValue()))));
        return this;
    }

    /** Closes the runtime and builds a new one over the same folders, as a process restart would. */
    RuntimeFixture restart() {
        runtime.close();
        events.clear();
        return start();
    }

    /** The source of {@code magic.Magic} returning {@code number}, and of {@code magic.MagicJob} returning it. */
    static ModuleJar magic(String version, int number) {
        return ModuleJar.named("magic").version(version)
                .source("magic.Magic", "package magic; public class Magic { public static int number() { return " + number + "; } }")
                .source("magic.MagicJob", """
                        package magic;
                        import io.modulets.api.*;
                        public class MagicJob implements Job<Integer> {
                            public Integer run(JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) io.modulets.testshared.Gates.await(gate);
                                return Magic.number();
                            }
                        }
                        """);
    }

    Path drop(String fileName, ModuleJar jar) {
        return jar.writeTo(watchDir.resolve(fileName));
    }

    NamespaceInfo awaitVersion(String module, String version) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> version.equals(runtime.current().modules().get(module)));
        return runtime.current();
    }

    <T extends RuntimeEvent> T awaitEvent(Class<T> type, java.util.function.Predicate<T> matching) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(
                () -> events.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst().orElse(null),
                java.util.Objects::nonNull);
    }

    static <R> R result(JobHandle<R> handle) {
        return handle.result().await().atMost(WAIT);
    }

    /** Forces GC until {@code ref} clears, or fails after {@link #WAIT}. */
    static void awaitCollected(WeakReference<?> ref) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return ref.refersTo(null);
        });
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
