package io.modulets.demos;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.demos.shared.Gate;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The magic-number demo: the original modulets experiment retold with real jars.
 *
 * <p>A module {@code magic} is deployed, a job starts and waits; the module is updated N-1 times (in place and
 * by atomic rename, in turn), a job starting after each update, each told which magic number it should see.
 * Then all jobs touch the magic class for the first time. With Modulets every job sees its own version, and
 * the old versions are retired and collected once their jobs end. With {@code --no-isolation}, one shared
 * loader reads the jar on disk, as a naive hot reload does, and the jobs see wrong numbers.
 *
 * <p>Exit status: 0 only if every job saw its number (and, with Modulets, every old version was collected);
 * 1 otherwise; 2 for bad arguments.
 */
public final class MagicNumberDemo {

    static final String USAGE = "usage: magic-number.sh [N] [--no-isolation]   (N >= 3 jobs and versions, default 3)";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;

    MagicNumberDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.modulets").setLevel(Level.WARNING); // the story prints what matters
        System.exit(new MagicNumberDemo(System.out).run(args));
    }

    int run(String[] args) throws Exception {
        int n = 3;
        boolean isolation = true;
        for (String arg : args) {
            if (arg.equals("--no-isolation")) {
                isolation = false;
            } else if (arg.matches("\\d+")) {
                n = Integer.parseInt(arg);
            } else {
                out.println(USAGE);
                return 2;
            }
        }
        if (n < 3 || n > 200) {
            out.println("N must be between 3 and 200, was " + n + " (the story updates the module in place and by rename)");
            out.println(USAGE);
            return 2;
        }
        Path dir = Files.createTempDirectory("modulets-magic-");
        out.println("Beginning with " + n + " in " + dir + (isolation ? "" : "  (no isolation: one shared loader reading the jar on disk)"));
        return isolation ? withModulets(n, dir) : withoutIsolation(n, dir);
    }

    // ---- the story with Modulets ----

    private int withModulets(int n, Path dir) throws Exception {
        String gate = "magic-" + UUID.randomUUID();
        Set<String> collected = ConcurrentHashMap.newKeySet();
        try (ModuletRuntime runtime = ModuletRuntime.builder()
                .watchDir(dir.resolve("modules"))
                .stateDir(dir.resolve("state"))
                .sharedPackage("io.modulets.demos.shared")
                .leakDeadline(Duration.ofSeconds(20))
                .build()) {
            runtime.events().subscribe().with(event -> narrate(event, collected));
            runtime.start();
            Path jar = dir.resolve("modules").resolve("magic.jar");
            List<JobHandle<String>> jobs = new ArrayList<>();
            for (int version = 1; version <= n; version++) {
                arrive(jar, version);
                awaitCurrent(runtime, version);
                int expected = MagicModule.magicNumber(version);
                JobHandle<String> job = runtime.submit(JobSpec.of(MagicModule.NAME, MagicModule.JOB_CLASS)
                        .withArg("expected", Integer.toString(expected)).withArg("gate", gate));
                jobs.add(job);
                out.printf("  %s started in %s; it expects %d and waits%n", job.id(), job.namespace(), expected);
            }
            out.printf("All %d jobs started; live namespaces: %s%n", n, ids(runtime));
            out.println("Now every job touches magic.Magic for the first time:");
            Gate.open(gate);
            int passed = 0;
            for (JobHandle<String> job : jobs) {
                String verdict = job.result().await().atMost(STEP_TIMEOUT);
                out.printf("  %s (%s): %s%n", job.id(), job.namespace().id(), verdict);
                passed += verdict.startsWith("Passed.") ? 1 : 0;
            }
            out.println("The old namespaces have no job left: the reaper retires them and checks the JVM collects them.");
            boolean allCollected = awaitCollected(collected, n - 1);
            out.printf("Live namespaces now: %s%n", ids(runtime));
            out.printf("%d of %d jobs had the right magic number; %d of %d old versions collected.%n",
                    passed, n, collected.size(), n - 1);
            return passed == n && allCollected ? 0 : 1;
        }
    }

    private void narrate(RuntimeEvent event, Set<String> collected) {
        switch (event) {
            case RuntimeEvent.Deployed d -> out.printf("  deployed %s %s as %s%n", d.module(), d.version(), d.namespace());
            case RuntimeEvent.Rejected r -> out.printf("  rejected %s: %s%n", r.file().getFileName(), r.reason());
            case RuntimeEvent.Retired r when !r.namespace().modules().isEmpty() ->
                    out.printf("  retired %s%n", r.namespace());
            case RuntimeEvent.Collected c -> {
                out.printf("  collected %s %s: its class loader is gone from the JVM (%d ms after it was retired)%n",
                        c.module(), c.version(), c.afterRetire().toMillis());
                collected.add(c.version());
            }
            case RuntimeEvent.LeakSuspected l -> out.printf("  LEAK SUSPECTED for %s %s: %s%n", l.module(), l.version(), l.cause());
            default -> {
                // job started/ended and loader-closed events are told by the story itself
            }
        }
    }

    private static void awaitCurrent(ModuletRuntime runtime, int version) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!Integer.toString(version).equals(runtime.current().versionOf(MagicModule.NAME))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("magic " + version + " was not deployed within " + STEP_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static boolean awaitCollected(Set<String> collected, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (collected.size() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return collected.size() >= expected;
    }

    private static List<String> ids(ModuletRuntime runtime) {
        return runtime.liveNamespaces().stream().map(ns -> ns.id()).toList();
    }

    // ---- the same story, naively ----

    private int withoutIsolation(int n, Path dir) throws Exception {
        String gate = "naive-" + UUID.randomUUID();
        Path jar = dir.resolve("modules").resolve("magic.jar");
        NaiveHotReload loader = new NaiveHotReload(jar, MagicNumberDemo.class.getClassLoader());
        List<NaiveJob> jobs = new ArrayList<>();
        for (int version = 1; version <= n; version++) {
            arrive(jar, version);
            int expected = MagicModule.magicNumber(version);
            NaiveJob job = NaiveJob.start("job-" + version, loader, MagicModule.JOB_CLASS, expected, gate);
            jobs.add(job);
            out.printf("  %s started; it expects %d and waits%n", job.id(), expected);
        }
        out.printf("All %d jobs started, all sharing one loader over %s%n", n, jar.getFileName());
        out.println("Now every job touches magic.Magic for the first time:");
        Gate.open(gate);
        int passed = 0;
        for (NaiveJob job : jobs) {
            String verdict = job.await(STEP_TIMEOUT);
            out.printf("  %s: %s%n", job.id(), verdict);
            passed += verdict.startsWith("Passed.") ? 1 : 0;
        }
        out.printf("%d of %d jobs had the right magic number.%n", passed, n);
        return passed == n ? 0 : 1;
    }

    // ---- how a version arrives ----

    /** Version 1 and every odd version arrive by atomic rename, every even one by overwriting the jar in place. */
    private void arrive(Path jar, int version) throws IOException {
        byte[] bytes = MagicModule.jar(version);
        Files.createDirectories(jar.getParent());
        if (version % 2 == 0) {
            Files.write(jar, bytes); // in place: truncate, then write, as `cp` does
            out.printf("magic %d (magic number %d) overwrites %s in place%n", version, MagicModule.magicNumber(version), jar.getFileName());
        } else {
            ModuleJar.writeAtomically(jar, bytes);
            out.printf("magic %d (magic number %d) arrives as %s by atomic rename%n", version, MagicModule.magicNumber(version), jar.getFileName());
        }
    }
}
