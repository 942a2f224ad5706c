package io.modulets.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

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
    private static final int BATCHES_PER_ROUND = 20;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        InFlightThroughput bench = new InFlightThroughput(); // the benchmark's own state and operations
        bench.batch = 12_500;
        bench.setUp();
        try {
            for (int round = 1; round <= rounds; round++) {
                for (boolean modulets : new boolean[] {true, false}) {
                    long cpu = os.getProcessCpuTime();
                    long wall = System.nanoTime();
                    runRound(bench, modulets);
                    long jobs = (long) SUBMITTERS * BATCHES_PER_ROUND * bench.batch;
                    System.out.printf("round %d %-8s %5.2f M jobs/s, %4d ns CPU per job%n", round,
                            modulets ? "modulets" : "raw", jobs * 1e3 / (System.nanoTime() - wall),
                            (os.getProcessCpuTime() - cpu) / jobs);
                }
            }
        } finally {
            bench.tearDown();
        }
    }

    /** Each of the submitting threads runs {@code BATCHES_PER_ROUND} operations of the throughput benchmark. */
    private static void runRound(InFlightThroughput bench, boolean modulets) throws InterruptedException {
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                    try {
                        if (modulets) {
                            bench.modulets();
                        } else {
                            bench.rawVirtualThreadExecutor();
                        }
                    } catch (InterruptedException | ExecutionException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }
    }
}
