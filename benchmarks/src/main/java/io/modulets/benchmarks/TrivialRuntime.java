package io.modulets.benchmarks;

import io.modulets.api.JobSpec;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the job benchmarks compare: a started runtime whose folder holds the trivial module, and the raw
 * baseline, {@code Executors.newVirtualThreadPerTaskExecutor()}, doing the same trivial work.
 */
final class TrivialRuntime implements AutoCloseable {

    /** The trivial job of the trivial module. */
    static final JobSpec SPEC = JobSpec.of(Modules.TRIVIAL_MODULE, Modules.TRIVIAL_JOB);

    final ModuletRuntime runtime;
    final ExecutorService virtualThreads;
    private final Path root;

    TrivialRuntime(String name) {
        Modules.quietLogs();
        root = Modules.tempDir(name);
        ModuleJar.writeAtomically(root.resolve("watch/bench.jar"), Modules.trivialJar("1"));
        runtime = ModuletRuntime.builder().watchDir(root.resolve("watch")).stateDir(root.resolve("state")).build();
        runtime.start();
        virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    }

    @Override
    public void close() {
        virtualThreads.close();
        runtime.close();
        Modules.deleteTree(root);
    }
}
