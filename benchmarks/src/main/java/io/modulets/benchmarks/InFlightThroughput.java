package io.modulets.benchmarks;

import io.modulets.api.JobHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 2: throughput with many jobs in flight. Eight submitting threads each submit {@code batch} trivial
 * jobs, then await every result: with the default batch of 12,500 up to 100,000 jobs are submitted and not
 * yet awaited at once. One operation is one batch; jobs per second = score x batch. The baseline does the same
 * with {@code newVirtualThreadPerTaskExecutor()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class InFlightThroughput {

    @Param({"12500"})
    public int batch;

    private TrivialRuntime trivial;

    @Setup(Level.Trial)
    public void setUp() {
        trivial = new TrivialRuntime("modulets-bench-throughput");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trivial.close();
    }

    @Benchmark
    public int rawVirtualThreadExecutor() throws InterruptedException, ExecutionException {
        List<Future<String>> futures = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            futures.add(trivial.virtualThreads.submit(() -> "ok"));
        }
        int done = 0;
        for (Future<String> f : futures) {
            done += f.get().length();
        }
        return done;
    }

    @Benchmark
    public int modulets() {
        List<JobHandle<String>> jobs = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            jobs.add(trivial.runtime.submit(TrivialRuntime.SPEC));
        }
        int done = 0;
        for (JobHandle<String> job : jobs) {
            done += job.result().await().indefinitely().length();
        }
        return done;
    }
}
