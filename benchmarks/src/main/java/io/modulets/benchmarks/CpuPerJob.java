package io.modulets.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.modulets.api.JobHandle;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A diagnostic, not a benchmark: the process CPU time (all threads: submitters, carriers, GC, JIT) per job of
 * the throughput benchmark's work, for Modulets jobs and for the raw virtual-thread executor, in alternating
 * rounds of one JVM. JMH's throughput says how far apart the two are; this says how much CPU each job costs,
 * which a saturated 2-core machine turns into that throughput.
 *
 * <pre>java -Xmx4g -cp benchmarks/target/classes:benchmarks/target/lib/* io.modulets.benchmarks.CpuPerJob [rounds]</pre>
 */
public final class CpuPerJob {

    private static final int SUBMITTERS = 8;
    private static final int BATCH = 12_500;
    private static final int BATCHES_PER_ROUND = 20;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TrivialRuntime trivial = new TrivialRuntime("modulets-bench-cpu")) {
            for (int round = 1; round <= rounds; round++) {
                for (boolean modulets : new boolean[] {true, false}) {
                    long cpu = os.getProcessCpuTime();
                    long wall = System.nanoTime();
                    runRound(trivial, modulets);
                    long jobs = (long) SUBMITTERS * BATCHES_PER_ROUND * BATCH;
                    System.out.printf("round %d %-8s %5.2f M jobs/s, %4d ns CPU per job%n", round,
                            modulets ? "modulets" : "raw", jobs * 1e3 / (System.nanoTime() - wall),
                            (os.getProcessCpuTime() - cpu) / jobs);
                }
            }
        }
    }

    private static void runRound(TrivialRuntime trivial, boolean modulets) throws InterruptedException {
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                    if (modulets) {
                        List<JobHandle<String>> jobs = new ArrayList<>(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            jobs.add(trivial.runtime.submit(TrivialRuntime.SPEC));
                        }
                        jobs.forEach(job -> job.result().await().indefinitely());
                    } else {
                        List<Future<String>> futures = new ArrayList<>(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            futures.add(trivial.virtualThreads.submit(() -> "ok"));
                        }
                        for (Future<String> f : futures) {
                            try {
                                f.get();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }
                }
            }));
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }
    }
}
