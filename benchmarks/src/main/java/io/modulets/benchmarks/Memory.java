package io.modulets.benchmarks;

import io.modulets.api.Job;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.testkit.ModuleJar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Benchmark 5, memory, as a plain program: the metaspace of 50 modules with one of them updated 20 times while a
 * job of every version still runs, against one private copy of every module per job (a fresh
 * {@link URLClassLoader} per module and job, as the seed experiment did).
 *
 * <p>Module {@code m00} holds the job ({@code m00.Touch}) and four other classes and requires {@code m01} ...
 * {@code m49}, five classes each. Every job calls a static method of all 250 classes, counts down a latch and
 * waits on a gate (both JDK objects handed over in the system properties, which module code can see), so all 21
 * jobs are running, with every class of their view loaded, when memory is measured. The updated module is the
 * leaf {@code m49}. Since {@code m00} requires every other module, the 50 modules are one group (rule 7: loaders are
 * shared by whole groups of modules linked by requires, so that a library's loader never outlives its users'), and
 * each version makes 50 new loaders in Modulets, none shared with the other namespaces, as the private copies make 50
 * loaders per job. So the run compares a Modulets namespace with a job's private copies loader for loader (what the
 * namespace, its loaders and the store cost beyond them); it no longer measures sharing. (Before issue #9 each
 * version made two new loaders, {@code m49} and {@code m00}, and shared the other 48: 63 KiB per namespace, 0.15x.)
 * Metaspace used (pool "Metaspace") and loaded classes are taken after GC before the first job and while all 21
 * run, for each approach in turn.
 *
 * <pre>java -cp benchmarks/target/classes:benchmarks/target/lib/* io.modulets.benchmarks.Memory [results.json]</pre>
 */
public final class Memory {

    private static final int MODULES = 50;
    private static final int CLASSES = 5;
    private static final int UPDATES = 20;
    private static final int JOBS = UPDATES + 1;
    private static final String JOB_MODULE = "m00";
    private static final String UPDATED = module(MODULES - 1);
    private static final String TOUCHED = "modulets.bench.memory.touched";
    private static final String GATE = "modulets.bench.memory.gate";

    private Memory() {
    }

    public static void main(String[] args) throws Exception {
        Modules.quietLogs();
        Map<String, byte[]> jars = moduleJars();
        Path root = Modules.tempDir("modulets-bench-memory");
        try {
            Delta modulets = modulets(root.resolve("modulets"), jars);
            Delta copies = privateCopies(root.resolve("copies"), jars);
            print(modulets, copies);
            if (args.length > 0) {
                Files.writeString(Path.of(args[0]), json(modulets, copies));
            }
        } finally {
            Modules.deleteTree(root);
        }
    }

    /** 21 jobs in Modulets: one on the first namespace, then one on each of 20 versions of {@code m49}. */
    private static Delta modulets(Path root, Map<String, byte[]> jars) throws Exception {
        Path watch = root.resolve("watch");
        for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
            ModuleJar.writeAtomically(watch.resolve(jar.getKey() + ".jar"), jar.getValue());
        }
        ModuleJar.writeAtomically(watch.resolve("warm.jar"), Modules.trivialJar("1"));
        Path staged = Files.createDirectories(root.resolve("staging")).resolve(UPDATED + ".jar");
        BlockingQueue<String> deployed = new LinkedBlockingQueue<>();
        try (ModuletRuntime runtime = ModuletRuntime.builder().watchDir(watch).stateDir(root.resolve("state")).build()) {
            runtime.events().subscribe().with(e -> {
                if (e instanceof RuntimeEvent.Deployed d && d.module().equals(UPDATED)) {
                    deployed.add(d.version());
                }
            });
            runtime.start();
            // the runtime's own job machinery is loaded by a job of another module, before the baseline
            runtime.submit(JobSpec.of(Modules.TRIVIAL_MODULE, Modules.TRIVIAL_JOB)).result().await().indefinitely();
            Gate gate = Gate.open();
            Snapshot before = Snapshot.take();
            JobSpec touch = JobSpec.of(JOB_MODULE, JOB_MODULE + ".Touch");
            List<JobHandle<Integer>> jobs = new ArrayList<>();
            jobs.add(runtime.submit(touch));
            for (int i = 1; i <= UPDATES; i++) {
                String version = "v" + i;
                Files.write(staged, Modules.withVersion(jars.get(UPDATED), version));
                Files.move(staged, watch.resolve(UPDATED + ".jar"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                awaitDeployed(deployed, version);
                JobHandle<Integer> job = runtime.submit(touch);
                if (!version.equals(job.namespace().modules().get(UPDATED))) {
                    throw new IllegalStateException("job bound " + job.namespace() + ", expected " + UPDATED + " " + version);
                }
                jobs.add(job);
            }
            gate.awaitTouched();
            Snapshot after = Snapshot.take();
            int namespaces = runtime.liveNamespaces().size();
            gate.release();
            jobs.forEach(job -> job.result().await().indefinitely());
            return new Delta("Modulets", before, after, namespaces);
        }
    }

    /** 21 jobs, each with its own loader for each of the 50 modules (the i-th with the i-th version of {@code m49}). */
    private static Delta privateCopies(Path root, Map<String, byte[]> jars) throws Exception {
        Map<String, Path> files = new TreeMap<>();
        for (Map.Entry<String, byte[]> jar : jars.entrySet()) {
            files.put(jar.getKey(), ModuleJar.writeAtomically(root.resolve(jar.getKey() + ".jar"), jar.getValue()));
        }
        try (PrivateCopy warm = new PrivateCopy("warm", ModuleJar.writeAtomically(root.resolve("warm.jar"), Modules.trivialJar("1")), Map.of())) {
            Class.forName(Modules.TRIVIAL_JOB, true, warm); // URLClassLoader's own machinery, before the baseline
        }
        Gate gate = Gate.open();
        Snapshot before = Snapshot.take();
        List<PrivateCopy> loaders = new ArrayList<>();
        List<Thread> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            if (i > 0) {
                files.put(UPDATED, ModuleJar.writeAtomically(root.resolve(UPDATED + "-v" + i + ".jar"),
                        Modules.withVersion(jars.get(UPDATED), "v" + i)));
            }
            Map<String, ClassLoader> requires = new HashMap<>();
            for (int m = 1; m < MODULES; m++) {
                PrivateCopy loader = new PrivateCopy(module(m) + "#" + i, files.get(module(m)), Map.of());
                loaders.add(loader);
                requires.put(module(m), loader);
            }
            PrivateCopy main = new PrivateCopy(JOB_MODULE + "#" + i, files.get(JOB_MODULE), requires);
            loaders.add(main);
            @SuppressWarnings("unchecked")
            Job<Integer> job = (Job<Integer>) Class.forName(JOB_MODULE + ".Touch", true, main).getConstructor().newInstance();
            jobs.add(Thread.ofVirtual().name("copy-job-" + i).start(() -> {
                try {
                    job.run(null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        gate.awaitTouched();
        Snapshot after = Snapshot.take();
        gate.release();
        for (Thread job : jobs) {
            job.join();
        }
        for (PrivateCopy loader : loaders) {
            loader.close();
        }
        return new Delta("Private copies", before, after, 0);
    }

    /** One module's loader for one job: its own jar, then the loaders of the modules it requires, by package. */
    private static final class PrivateCopy extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, ClassLoader> requires;

        PrivateCopy(String name, Path jar, Map<String, ClassLoader> requires) throws IOException {
            super(name, new URL[] {jar.toUri().toURL()}, Memory.class.getClassLoader());
            this.requires = requires;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ClassLoader owner = requires.get(name.substring(0, Math.max(0, name.lastIndexOf('.'))));
            return owner != null ? owner.loadClass(name) : super.findClass(name);
        }
    }

    /** The two latches every job uses, put where module code can reach them: the system properties. */
    private record Gate(CountDownLatch touched, CountDownLatch gate) {
        static Gate open() {
            Gate g = new Gate(new CountDownLatch(JOBS), new CountDownLatch(1));
            System.getProperties().put(TOUCHED, g.touched);
            System.getProperties().put(GATE, g.gate);
            return g;
        }

        void awaitTouched() throws InterruptedException {
            if (!touched.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(touched.getCount() + " of " + JOBS + " jobs did not touch their classes within 60 s");
            }
        }

        void release() {
            gate.countDown();
        }
    }

    /**
     * All modules compiled at once (m00.Touch refers to every class), then split into one jar per package,
     * {@code m00} requiring all the others.
     */
    private static Map<String, byte[]> moduleJars() throws IOException {
        ModuleJar all = ModuleJar.named("all");
        StringBuilder touch = new StringBuilder();
        for (int m = 0; m < MODULES; m++) {
            for (int c = m == 0 ? 1 : 0; c < CLASSES; c++) {
                String name = module(m) + ".C" + c;
                all.source(name, "package " + module(m) + "; public class C" + c + " { static int seed = " + (m * CLASSES + c)
                        + "; public static int value() { return seed * 31 + " + c + "; } }");
                touch.append("        sum += ").append(name).append(".value();\n");
            }
        }
        all.source(JOB_MODULE + ".Touch", "package " + JOB_MODULE + ";\n"
                + "import java.util.concurrent.CountDownLatch;\n"
                + "public class Touch implements io.modulets.api.Job<Integer> {\n"
                + "    public Integer run(io.modulets.api.JobContext ctx) throws Exception {\n"
                + "        int sum = 0;\n" + touch
                + "        ((CountDownLatch) System.getProperties().get(\"" + TOUCHED + "\")).countDown();\n"
                + "        ((CountDownLatch) System.getProperties().get(\"" + GATE + "\")).await();\n"
                + "        return sum;\n"
                + "    }\n"
                + "}\n");
        Map<String, Map<String, byte[]>> byModule = new TreeMap<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(all.toBytes()))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                if (e.getName().endsWith(".class")) {
                    String module = e.getName().substring(0, e.getName().indexOf('/'));
                    byModule.computeIfAbsent(module, k -> new TreeMap<>()).put(e.getName(), in.readAllBytes());
                }
            }
        }
        Map<String, byte[]> jars = new TreeMap<>();
        List<String> leaves = byModule.keySet().stream().filter(m -> !m.equals(JOB_MODULE)).toList();
        byModule.forEach((module, classes) -> jars.put(module,
                jar(module, module.equals(JOB_MODULE) ? String.join(", ", leaves) : null, classes)));
        return jars;
    }

    private static byte[] jar(String module, String requires, Map<String, byte[]> classes) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Modulet-Name", module);
        main.putValue("Modulet-Version", "1");
        if (requires != null) {
            main.putValue("Modulet-Requires", requires);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey()));
                out.write(c.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String module(int i) {
        return String.format("m%02d", i);
    }

    private static void awaitDeployed(BlockingQueue<String> deployed, String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (String seen = null; !version.equals(seen); ) {
            seen = deployed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (seen == null) {
                throw new IllegalStateException("version " + version + " of " + UPDATED + " was not deployed within 10 s");
            }
        }
    }

    private record Snapshot(long metaspace, int classes) {
        static Snapshot take() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
            }
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().equals("Metaspace")) {
                    return new Snapshot(pool.getUsage().getUsed(), ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
                }
            }
            throw new IllegalStateException("this JVM has no memory pool named Metaspace");
        }
    }

    /** What one approach added for its 21 jobs; {@code liveNamespaces} is 0 for the private copies. */
    private record Delta(String approach, Snapshot before, Snapshot after, int liveNamespaces) {
        long metaspace() {
            return after.metaspace - before.metaspace;
        }

        int classes() {
            return after.classes - before.classes;
        }

        long perJob() {
            return metaspace() / JOBS;
        }
    }

    private static void print(Delta modulets, Delta copies) {
        System.out.printf("Memory: %d modules of %d classes, %s updated %d times, %d jobs running (one per version), "
                + "each touching all %d classes%n", MODULES, CLASSES, UPDATED, UPDATES, JOBS, MODULES * CLASSES);
        for (Delta d : List.of(modulets, copies)) {
            System.out.printf("%s: metaspace %.1f -> %.1f MiB (+%,d bytes), loaded classes %d -> %d (+%d); "
                            + "%,d bytes per %s%s%n", d.approach, d.before.metaspace / 1048576.0, d.after.metaspace / 1048576.0,
                    d.metaspace(), d.before.classes, d.after.classes, d.classes(), d.perJob(), d == modulets ? "namespace" : "job",
                    d == modulets ? " (" + d.liveNamespaces + " live namespaces)" : "");
        }
        System.out.printf("Modulets per namespace / private copies per job: %.3fx metaspace%n", (double) modulets.metaspace() / copies.metaspace());
    }

    private static String json(Delta modulets, Delta copies) {
        return "{\"modules\": " + MODULES + ", \"classesPerModule\": " + CLASSES + ", \"updates\": " + UPDATES
                + ", \"jobs\": " + JOBS + ",\n \"modulets\": " + json(modulets) + ",\n \"privateCopies\": " + json(copies) + "}\n";
    }

    private static String json(Delta d) {
        return "{\"metaspaceBefore\": " + d.before.metaspace + ", \"metaspaceAfter\": " + d.after.metaspace
                + ", \"classesBefore\": " + d.before.classes + ", \"classesAfter\": " + d.after.classes
                + ", \"liveNamespaces\": " + d.liveNamespaces + "}";
    }
}
