package io.modulets.runtime.reaper;

import io.modulets.runtime.heap.HeapAnalyzer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Runs the opt-in heap analysis of leak suspects (rule 10) on a virtual thread of its own, at most one at a time
 * and one per interval, so the control thread never waits for a dump. The reaper polls the results.
 */
final class LeakAnalysis {

    private static final Logger LOG = Logger.getLogger("io.modulets.reaper");

    /** A finished analysis of the loader watched by {@code watch}; {@code finding} is empty if it failed. */
    record Result(LoaderWatch watch, String cause, Optional<HeapAnalyzer.Finding> finding, String failure) {
    }

    private final HeapAnalyzer analyzer;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Queue<Result> done = new ConcurrentLinkedQueue<>();
    private boolean running;
    private long lastStartNanos;
    private boolean startedOnce;

    LeakAnalysis(HeapAnalyzer analyzer, Duration interval, LongSupplier nanoClock) {
        this.analyzer = analyzer;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Starts analysing the loader of {@code watch} if none runs and the last started at least an interval ago.
     *
     * @return null if it started; else why not, as a phrase for the suspect's cause
     */
    String tryStart(LoaderWatch watch, String cause) {
        long now = nanoClock.getAsLong();
        if (running) {
            return "heap analysis skipped: another one is running";
        }
        if (startedOnce && now - lastStartNanos < intervalNanos) {
            return "heap analysis skipped: the last one started " + Duration.ofNanos(now - lastStartNanos).toSeconds()
                    + " s ago, and at most one runs per " + Duration.ofNanos(intervalNanos).toSeconds() + " s (heapAnalysisInterval)";
        }
        running = true;
        startedOnce = true;
        lastStartNanos = now;
        long serial = watch.serial; // the thread must not hold the loader: it would be a root in the dump
        Thread.ofVirtual().name("modulets-heap-analysis").start(() -> {
            try {
                done.add(new Result(watch, cause, Optional.of(analyzer.analyse(serial)), null));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                LOG.warnf(e, "heap analysis of %s failed", watch);
                done.add(new Result(watch, cause, Optional.empty(), "heap analysis failed: " + e));
            }
        });
        return null;
    }

    /** The analyses finished since the last call; confined to the control thread. */
    List<Result> finished() {
        List<Result> results = new java.util.ArrayList<>();
        for (Result r; (r = done.poll()) != null; ) {
            results.add(r);
            running = false;
        }
        return results;
    }
}
