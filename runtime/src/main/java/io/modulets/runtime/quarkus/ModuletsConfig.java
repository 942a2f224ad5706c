package io.modulets.runtime.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's configuration in a Quarkus application, under the prefix {@code modulets}.
 * Every setting maps to the {@link io.modulets.runtime.ModuletRuntime.Builder} setter of the same name.
 */
@ConfigMapping(prefix = "modulets")
public interface ModuletsConfig {

    /** {@code modulets.watch-dir}: the folder jars are dropped into. */
    String watchDir();

    /** {@code modulets.state-dir}: where the store lives. */
    String stateDir();

    /** {@code modulets.settle-window}: how long a failing file must stay unchanged before it is rejected. */
    @WithDefault("2s")
    Duration settleWindow();

    /** {@code modulets.rescan-interval}: how often the whole folder is listed, besides events. */
    @WithDefault("1s")
    Duration rescanInterval();

    /** {@code modulets.leak-deadline}: how long a retired loader may stay reachable before a leak is suspected. */
    @WithDefault("30s")
    Duration leakDeadline();

    /** {@code modulets.drain-timeout}: how long shutdown waits for running jobs before cancelling them. */
    @WithDefault("10s")
    Duration drainTimeout();

    /** {@code modulets.shared-packages}: host packages shared with module code, comma-separated. */
    Optional<List<String>> sharedPackages();

    /** {@code modulets.request-gc-for-verification}: whether the reaper may call System.gc(). */
    @WithDefault("true")
    boolean requestGcForVerification();

    /** {@code modulets.stop-leftover-threads}: whether threads still running a retired version's code are stopped. */
    @WithDefault("true")
    boolean stopLeftoverThreads();

    /** {@code modulets.heap-analysis}: whether a leak suspect is analysed in a heap dump. */
    @WithDefault("false")
    boolean heapAnalysis();

    /** {@code modulets.heap-analysis-interval}: the least time between two heap analyses. */
    @WithDefault("10m")
    Duration heapAnalysisInterval();

    /** {@code modulets.keep-heap-dumps}: whether heap dumps are kept after their analysis. */
    @WithDefault("false")
    boolean keepHeapDumps();

    /** {@code modulets.history-versions}: how many versions of each module the store keeps for pins and rollbacks. */
    @WithDefault("5")
    int historyVersions();

    /** {@code modulets.jmx}: whether the runtime registers its MBeans on start. */
    @WithDefault("true")
    boolean jmx();

    /** {@code modulets.name}: the runtime's name in its JMX ObjectNames; by default the watched folder's name. */
    Optional<String> name();
}
