package io.modulets.benchmarks;

import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private Path root;
    private ModuletRuntime runtime;
    private ExecutorService virtualThreads;
    private final JobSpec spec = JobSpec.of(Modules.TRIVIAL_MODULE, Modules.TRIVIAL_JOB);

    @Setup(Level.Trial)
    public void setUp() {
        Modules.quietLogs();
        root = Modules.tempDir("modulets-bench-submit");
        ModuleJar.writeAtomically(root.resolve("watch/bench.jar"), Modules.trivialJar("1"));
        runtime = ModuletRuntime.builder().watchDir(root.resolve("watch")).stateDir(root.resolve("state")).build();
        runtime.start();
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        virtualThreads.close();
        runtime.close();
        Modules.deleteTree(root);
    }

    @Benchmark
    public Object rawVirtualThreadExecutor() throws InterruptedException, ExecutionException {
        return virtualThreads.submit(() -> "ok").get();
    }

    @Benchmark
    public Object modulets() {
        return runtime.submit(spec).result().await().indefinitely();
    }
}
