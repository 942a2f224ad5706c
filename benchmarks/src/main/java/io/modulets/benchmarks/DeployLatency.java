package io.modulets.benchmarks;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;

/**
 * Benchmark 3: deploy latency, from the atomic rename of a new version of a jar into the watched folder to the
 * first job bound to that version (submit returned a handle whose namespace holds it). Every sample is a new
 * version (the same classes, another {@code Modulet-Version}), staged beside the folder before the clock starts.
 *
 * <ul>
 * <li>{@code modulets}, delivery {@code events}: the runtime as configured by default (1 s rescan besides events).
 * <li>{@code modulets}, delivery {@code rescanOnly}: the same after the watched folder was swapped for a fresh
 *     directory at the same path, so no filesystem event reaches the runtime and only the 1 s rescan finds jars.
 * <li>{@code rawWatchService}: the baseline, the same rename seen by a bare {@link WatchService} (ENTRY_CREATE taken).
 * <li>{@code pf4j}: the plugin framework doing what a user of it does to update a plugin: the new version's jar
 *     is renamed into the plugins folder, then {@code unloadPlugin} of the old version (pf4j holds one version
 *     per plugin id, so it must go first), {@code loadPlugin(path)}, {@code startPlugin(id)} and a first call
 *     into the plugin's class. pf4j is handed the path, synchronously; Modulets finds the jar by watching.
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DeployLatency {

    private static final String JAR = "bench.jar";

    @State(Scope.Benchmark)
    public static class Runtime {

        @Param({"events", "rescanOnly"})
        public String delivery;

        private Path root;
        private Path watch;
        private Path staged;
        private byte[] base;
        private ModuletRuntime runtime;
        private final BlockingQueue<String> deployed = new LinkedBlockingQueue<>();
        private final JobSpec spec = JobSpec.of(Modules.TRIVIAL_MODULE, Modules.TRIVIAL_JOB);
        private int versions;
        private String expected;
        private JobHandle<String> bound;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            Modules.quietLogs();
            root = Modules.tempDir("modulets-bench-deploy");
            watch = root.resolve("watch");
            staged = Files.createDirectories(root.resolve("staging")).resolve(JAR);
            base = Modules.trivialJar("0");
            ModuleJar.writeAtomically(watch.resolve(JAR), base);
            runtime = ModuletRuntime.builder().watchDir(watch).stateDir(root.resolve("state")).build();
            runtime.events().subscribe().with(e -> {
                if (e instanceof RuntimeEvent.Deployed d && d.module().equals(Modules.TRIVIAL_MODULE)) {
                    deployed.add(d.version());
                }
            });
            runtime.start();
            if (delivery.equals("rescanOnly")) {
                swapFolder();
            }
        }

        /** Puts a fresh directory (same jar inside) at the watched path; the watch stays on the old one. */
        private void swapFolder() throws IOException {
            Path fresh = Files.createDirectories(root.resolve("watch-fresh"));
            Files.copy(watch.resolve(JAR), fresh.resolve(JAR), StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(watch, root.resolve("watch-unwatched"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(fresh, watch, StandardCopyOption.ATOMIC_MOVE);
        }

        @Setup(Level.Invocation)
        public void stage() throws IOException {
            expected = "v" + (++versions);
            Files.write(staged, Modules.withVersion(base, expected));
            deployed.clear();
        }

        @TearDown(Level.Invocation)
        public void release() {
            bound.result().await().indefinitely(); // gives the lease back, so the old namespace can retire
            bound = null;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
            Modules.deleteTree(root);
        }
    }

    @State(Scope.Benchmark)
    public static class RawWatch {

        private Path root;
        private Path watch;
        private Path staged;
        private byte[] base;
        private WatchService service;
        private int versions;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            root = Modules.tempDir("modulets-bench-rawwatch");
            watch = Files.createDirectories(root.resolve("watch"));
            staged = Files.createDirectories(root.resolve("staging")).resolve(JAR);
            base = Modules.trivialJar("0");
            service = watch.getFileSystem().newWatchService();
            watch.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }

        @Setup(Level.Invocation)
        public void stage() throws IOException {
            Files.write(staged, Modules.withVersion(base, "v" + (++versions)));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            service.close();
            Modules.deleteTree(root);
        }
    }

    @State(Scope.Benchmark)
    public static class Pf4j {

        private Path root;
        private Path plugins;
        private Path staged;
        private byte[] base;
        private PluginManager manager;
        private int versions;
        private String expected;
        private Path arriving;
        private Path current;
        private Path unloaded;

        @Setup(Level.Trial)
        public void setUp() {
            root = Modules.tempDir("modulets-bench-pf4j");
            plugins = root.resolve("plugins");
            staged = root.resolve("staging").resolve("plugin.jar");
            base = Modules.pluginJar("1.0.0");
            current = ModuleJar.writeAtomically(plugins.resolve("bench-1.0.0.jar"), base);
            manager = new DefaultPluginManager(plugins);
            manager.startPlugin(manager.loadPlugin(current));
        }

        @Setup(Level.Invocation)
        public void stage() throws IOException {
            expected = "1.0." + (++versions);
            Files.createDirectories(staged.getParent());
            Files.write(staged, Modules.withHeaders(base, Map.of("Modulet-Version", expected, "Plugin-Version", expected)));
            arriving = plugins.resolve("bench-" + expected + ".jar");
            if (unloaded != null) {
                Files.delete(unloaded); // its loader was closed by unloadPlugin
                unloaded = null;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.stopPlugins();
            manager.unloadPlugins();
            Modules.deleteTree(root);
        }
    }

    @Benchmark
    public JobHandle<String> modulets(Runtime s) throws IOException, InterruptedException {
        Files.move(s.staged, s.watch.resolve(JAR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        while (!s.expected.equals(s.deployed.take())) {
            // an earlier version's event: keep waiting
        }
        JobHandle<String> job = s.runtime.submit(s.spec);
        if (!s.expected.equals(job.namespace().modules().get(Modules.TRIVIAL_MODULE))) {
            throw new IllegalStateException("job bound " + job.namespace() + ", expected bench " + s.expected);
        }
        s.bound = job;
        return job;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public String pf4j(Pf4j p) throws IOException {
        Files.move(p.staged, p.arriving, StandardCopyOption.ATOMIC_MOVE);
        p.manager.unloadPlugin(Modules.PLUGIN_ID);
        String id = p.manager.loadPlugin(p.arriving);
        p.manager.startPlugin(id);
        PluginWrapper plugin = p.manager.getPlugin(id);
        String answer = ((Supplier<String>) plugin.getPlugin()).get();
        if (!p.expected.equals(plugin.getDescriptor().getVersion()) || !answer.equals("ok")) {
            throw new IllegalStateException("pf4j started " + plugin.getDescriptor().getVersion() + " answering " + answer
                    + ", expected " + p.expected);
        }
        p.unloaded = p.current;
        p.current = p.arriving;
        return answer;
    }

    @Benchmark
    public Object rawWatchService(RawWatch w) throws IOException, InterruptedException {
        Files.move(w.staged, w.watch.resolve(JAR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (;;) {
            WatchKey key = w.service.take();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    key.reset();
                    return event.context();
                }
            }
            key.reset();
        }
    }
}
