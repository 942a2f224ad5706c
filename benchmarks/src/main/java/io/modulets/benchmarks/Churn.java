package io.modulets.benchmarks;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Benchmarks 5 and 6, memory and churn, as a plain program: deploys {@code cycles} versions of a module by
 * atomic rename, each while a job of the previous version is still running, then waits for the reaper to
 * report every old version collected and prints metaspace, loaded classes, threads, open files and live
 * namespaces before and after, and the peak while cycling.
 *
 * <p>With {@code leaky}, every version's code also leaves behind what real code does (rule 10): it registers a
 * JDBC driver of its own, an MBean and a JUL handler on the root logger, and starts a platform thread that runs
 * until interrupted. The runtime must undo all four at each retirement for the versions to be collected.
 *
 * <pre>java -cp benchmarks/target/classes:benchmarks/target/lib/* io.modulets.benchmarks.Churn [quick|full|leaky] [cycles]</pre>
 */
public final class Churn {

    private static final String JAR = "churn.jar";

    private static final int WARM_UP_CYCLES = 100;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        boolean leaky = mode.equals("leaky");
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : mode.equals("full") ? 10_000 : leaky ? 1_000 : 100;
        Modules.quietLogs();
        Path root = Modules.tempDir("modulets-bench-churn");
        Path watch = root.resolve("watch");
        Path staged = Files.createDirectories(root.resolve("staging")).resolve(JAR);
        byte[] base = (leaky ? leakyModule() : plainModule()).toBytes();
        ModuleJar.writeAtomically(watch.resolve(JAR), base);
        BlockingQueue<String> deployed = new LinkedBlockingQueue<>();
        AtomicInteger collected = new AtomicInteger();
        AtomicInteger leaks = new AtomicInteger();
        try (ModuletRuntime runtime = ModuletRuntime.builder().watchDir(watch).stateDir(root.resolve("state")).build()) {
            runtime.events().subscribe().with(e -> {
                switch (e) {
                    case RuntimeEvent.Deployed d -> deployed.add(d.version());
                    case RuntimeEvent.Collected c -> collected.incrementAndGet();
                    case RuntimeEvent.LeakSuspected l -> leaks.incrementAndGet();
                    default -> { }
                }
            });
            runtime.start();
            JobSpec hold = JobSpec.of("churn", "churn.Hold").withArg("ms", "20");
            runtime.submit(hold.withArg("ms", "0")).result().await().indefinitely();
            // Warm-up: the first cycles load the classes and build the JIT profiles (kept in metaspace) of the
            // deploy and retire paths once; 1,000 and 3,000 measured cycles without it grew metaspace by the same
            // 1.3 MiB, so that growth is a one-time cost, not a per-cycle leak.
            cycle(runtime, hold, base, staged, watch, deployed, "warm-", WARM_UP_CYCLES, 0);
            awaitCollected(collected, WARM_UP_CYCLES);
            collected.set(0);
            Snapshot before = Snapshot.take(runtime);
            long started = System.nanoTime();
            long peakMetaspace = cycle(runtime, hold, base, staged, watch, deployed, "v", cycles, before.metaspace);
            double cyclingSeconds = (System.nanoTime() - started) / 1e9;
            awaitCollected(collected, cycles);
            double settleSeconds = (System.nanoTime() - started) / 1e9 - cyclingSeconds;
            Snapshot after = Snapshot.take(runtime);
            System.out.printf("Churn%s: %d deploy/retire cycles, each with a job of the previous version in flight"
                    + " (baseline taken after %d warm-up cycles)%n", leaky ? " (leaky: every version registers a JDBC"
                    + " driver, an MBean and a JUL handler and starts a thread)" : "", cycles, WARM_UP_CYCLES);
            System.out.printf("cycling took %.1f s (%.2f ms per cycle); %s %.1f s later: %d of %d collected, %d leak suspects"
                    + " (warm-up included)%n", cyclingSeconds, cyclingSeconds * 1000 / cycles,
                    collected.get() >= cycles ? "every old version collected" : "gave up waiting", settleSeconds,
                    collected.get(), cycles, leaks.get());
            System.out.println();
            System.out.println("|===");
            System.out.println("|Measure |Baseline |After the cycles |Peak while cycling");
            System.out.printf("|Metaspace used |%.1f MiB |%.1f MiB |%.1f MiB%n", mib(before.metaspace), mib(after.metaspace), mib(peakMetaspace));
            System.out.printf("|Loaded classes |%d |%d |%n", before.classes, after.classes);
            System.out.printf("|Threads |%d |%d |%n", before.threads, after.threads);
            System.out.printf("|Open files |%d |%d |%n", before.openFiles, after.openFiles);
            System.out.printf("|Live namespaces |%d |%d |%n", before.namespaces, after.namespaces);
            System.out.println("|===");
        } finally {
            Modules.deleteTree(root);
        }
    }

    /** A module whose job holds its version for {@code ms} milliseconds and leaves nothing behind. */
    private static ModuleJar plainModule() {
        return ModuleJar.named("churn").version("0")
                .source("churn.Hold", """
                        package churn;
                        public class Hold implements io.modulets.api.Job<String> {
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                Thread.sleep(Long.parseLong(ctx.arg("ms")));
                                return Hold.class.getClassLoader().getName();
                            }
                        }
                        """);
    }

    /**
     * A module whose job, once per version, registers a JDBC driver, an MBean and a root-logger JUL handler of its
     * own classes and starts a thread that runs until interrupted, then holds its version like {@link #plainModule}.
     */
    private static ModuleJar leakyModule() {
        return ModuleJar.named("churn").version("0")
                .source("churn.Hold", """
                        package churn;
                        import java.util.concurrent.atomic.AtomicBoolean;
                        public class Hold implements io.modulets.api.Job<String> {
                            private static final AtomicBoolean LEFT = new AtomicBoolean();
                            public String run(io.modulets.api.JobContext ctx) throws Exception {
                                if (LEFT.compareAndSet(false, true)) {
                                    String version = Hold.class.getClassLoader().getName();
                                    java.sql.DriverManager.registerDriver(new NoDriver());
                                    java.lang.management.ManagementFactory.getPlatformMBeanServer().registerMBean(new Counter(),
                                            new javax.management.ObjectName("churn:type=Counter,version=" + javax.management.ObjectName.quote(version)));
                                    java.util.logging.Logger.getLogger("").addHandler(new Sink());
                                    Thread.ofPlatform().daemon().name("churn-worker " + version).start(() -> {
                                        try {
                                            while (true) {
                                                Thread.sleep(60_000);
                                            }
                                        } catch (InterruptedException e) {
                                            // stopped: the version retired
                                        }
                                    });
                                }
                                Thread.sleep(Long.parseLong(ctx.arg("ms")));
                                return Hold.class.getClassLoader().getName();
                            }
                        }
                        """)
                .source("churn.NoDriver", """
                        package churn;
                        import java.sql.*;
                        import java.util.Properties;
                        import java.util.logging.Logger;
                        public class NoDriver implements Driver {
                            public Connection connect(String url, Properties info) { return null; }
                            public boolean acceptsURL(String url) { return url.startsWith("jdbc:churn:"); }
                            public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
                            public int getMajorVersion() { return 1; }
                            public int getMinorVersion() { return 0; }
                            public boolean jdbcCompliant() { return false; }
                            public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
                        }
                        """)
                .source("churn.CounterMBean", "package churn; public interface CounterMBean { int getCount(); }")
                .source("churn.Counter", "package churn; public class Counter implements CounterMBean { public int getCount() { return 1; } }")
                .source("churn.Sink", """
                        package churn;
                        public class Sink extends java.util.logging.Handler {
                            public void publish(java.util.logging.LogRecord record) { }
                            public void flush() { }
                            public void close() { }
                        }
                        """);
    }

    /** Runs {@code count} deploy/retire cycles; returns the peak metaspace seen, at least {@code peak}. */
    private static long cycle(ModuletRuntime runtime, JobSpec hold, byte[] base, Path staged, Path watch,
            BlockingQueue<String> deployed, String prefix, int count, long peak) throws IOException, InterruptedException {
        List<JobHandle<String>> inFlight = new ArrayList<>();
        long peakMetaspace = peak;
        for (int i = 1; i <= count; i++) {
            inFlight.add(runtime.submit(hold)); // still running when the next version arrives
            String version = prefix + i;
            Files.write(staged, Modules.withVersion(base, version));
            Files.move(staged, watch.resolve(JAR), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            awaitDeployed(deployed, version);
            if (i % 50 == 0) {
                inFlight.forEach(job -> job.result().await().indefinitely());
                inFlight.clear();
                peakMetaspace = Math.max(peakMetaspace, metaspaceUsed());
            }
        }
        inFlight.forEach(job -> job.result().await().indefinitely());
        return peakMetaspace;
    }

    private static void awaitCollected(AtomicInteger collected, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (collected.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private static void awaitDeployed(BlockingQueue<String> deployed, String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String seen = null; !version.equals(seen); ) {
            seen = deployed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (seen == null) {
                throw new IllegalStateException("version " + version + " of churn was not deployed within 10 s");
            }
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        throw new IllegalStateException("this JVM has no memory pool named Metaspace");
    }

    private record Snapshot(long metaspace, int classes, int threads, long openFiles, int namespaces) {
        static Snapshot take(ModuletRuntime runtime) throws IOException, InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            long files;
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                files = fds.count();
            }
            return new Snapshot(metaspaceUsed(), ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), files, runtime.liveNamespaces().size());
        }
    }
}
