package io.modulets.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The settings of a runtime, as the {@link ModuletRuntime.Builder} collected them. Immutable.
 *
 * @param watchDir the folder new jars are dropped into
 * @param stateDir where the runtime keeps its store ({@code <state-dir>/store/})
 * @param settleWindow how long a file that fails validation must stay unchanged before it is rejected
 * @param rescanInterval how often the folder is listed in full, besides filesystem events
 * @param leakDeadline how long a retired loader may stay reachable before a leak is suspected
 * @param sharedPackages extra packages (with sub-packages) that module code sees from the host
 * @param requestGcForVerification whether the reaper may call {@code System.gc()} while it waits for loaders
 * @param drainTimeout how long {@link ModuletRuntime#close()} waits for running jobs before cancelling them
 * @param hostLoader the loader of the platform layer's classes
 * @param stopLeftoverThreads whether, at a loader's retirement, threads still running its code are interrupted
 *     and the pools and timers behind them shut down (else they are only named); on by default, unlike Tomcat's
 *     {@code clearReferencesStopThreads}, because the runtime only asks (interrupt, {@code shutdownNow()}, a Timer's
 *     cancellation) where Tomcat used {@code Thread.stop()}, and only threads of a version no job uses any more
 * @param heapAnalysis whether a leak suspect's heap path is looked for in a heap dump
 * @param heapAnalysisInterval the least time between two heap analyses
 * @param keepHeapDumps whether a heap dump is kept after its analysis (in {@code <state-dir>/heap-dumps/})
 * @param historyVersions how many versions of each module the store keeps after their files left the folder, so
 *     that they can be pinned or rolled back to without the jar
 * @param jmx whether the runtime registers its MBeans in the platform MBean server on start
 * @param name the runtime's name in its ObjectNames ({@code io.modulets:type=Runtime,name=<name>}); by default the
 *     watched folder's name
 */
public record RuntimeSettings(Path watchDir, Path stateDir, Duration settleWindow, Duration rescanInterval,
        Duration leakDeadline, List<String> sharedPackages, boolean requestGcForVerification, Duration drainTimeout,
        ClassLoader hostLoader, boolean stopLeftoverThreads, boolean heapAnalysis, Duration heapAnalysisInterval,
        boolean keepHeapDumps, int historyVersions, boolean jmx, String name) {

    /** Default settle window: 2 s. */
    public static final Duration DEFAULT_SETTLE_WINDOW = Duration.ofSeconds(2);
    /** Default rescan interval: 1 s. */
    public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(1);
    /** Default leak deadline: 30 s. */
    public static final Duration DEFAULT_LEAK_DEADLINE = Duration.ofSeconds(30);
    /** Default drain timeout: 10 s. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Default least time between two heap analyses: 10 min. */
    public static final Duration DEFAULT_HEAP_ANALYSIS_INTERVAL = Duration.ofMinutes(10);
    /** Default number of versions kept per module for pins and rollbacks: 5. */
    public static final int DEFAULT_HISTORY_VERSIONS = 5;

    public RuntimeSettings {
        sharedPackages = List.copyOf(sharedPackages);
    }
}
