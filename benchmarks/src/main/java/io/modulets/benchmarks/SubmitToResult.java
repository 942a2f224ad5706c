package io.modulets.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 1: submit-to-result latency of a trivial job, one submitter, against the same trivial work on
 * {@code Executors.newVirtualThreadPerTaskExecutor()}. SampleTime, so the JSON holds the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SubmitToResult {

    private TrivialRuntime trivial;

    @Setup(Level.Trial)
    public void setUp() {
        trivial = new TrivialRuntime("modulets-bench-submit");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trivial.close();
    }

    @Benchmark
    public Object rawVirtualThreadExecutor() throws InterruptedException, ExecutionException {
        return trivial.virtualThreads.submit(() -> "ok").get();
    }

    @Benchmark
    public Object modulets() {
        return trivial.runtime.submit(TrivialRuntime.SPEC).result().await().indefinitely();
    }
}
