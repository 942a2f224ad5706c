package io.modulets.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts what the runtime reports and keeps the leak suspects not collected since: the runtime's own observer of its
 * events (EventHub's tap), so that {@link ModuletRuntime#counts()} and {@link ModuletRuntime#leaks()} need no
 * subscriber. Jobs are counted by the job launcher instead (their events are published only to subscribers).
 * Thread-safe.
 */
final class Tally implements Consumer<RuntimeEvent> {

    private final LongAdder deploys = new LongAdder();
    private final LongAdder rejections = new LongAdder();
    private final LongAdder retirements = new LongAdder();
    private final LongAdder collections = new LongAdder();
    private final LongAdder leakSuspects = new LongAdder();
    private final List<RuntimeEvent.LeakSuspected> outstanding = new ArrayList<>();

    @Override
    public void accept(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.Deployed d -> deploys.increment();
            case RuntimeEvent.Rejected r -> rejections.increment();
            case RuntimeEvent.LoaderRetired r -> retirements.increment();
            case RuntimeEvent.Collected c -> {
                collections.increment();
                if (c.suspectedBefore()) {
                    synchronized (outstanding) {
                        for (int i = 0; i < outstanding.size(); i++) {
                            RuntimeEvent.LeakSuspected s = outstanding.get(i);
                            boolean same = s.loader() != null && c.loader() != null ? s.loader().equals(c.loader())
                                    : s.module().equals(c.module()) && s.version().equals(c.version());
                            if (same) {
                                outstanding.remove(i);
                                break;
                            }
                        }
                    }
                }
            }
            case RuntimeEvent.LeakSuspected s -> {
                leakSuspects.increment();
                synchronized (outstanding) {
                    outstanding.add(s);
                }
            }
            default -> {
            }
        }
    }

    /** The leak suspects not collected since, oldest first. */
    List<RuntimeEvent.LeakSuspected> outstandingLeaks() {
        synchronized (outstanding) {
            return List.copyOf(outstanding);
        }
    }

    RuntimeCounts counts(long jobsSucceeded, long jobsFailed, long jobsCancelled) {
        return new RuntimeCounts(deploys.sum(), rejections.sum(), retirements.sum(), collections.sum(), leakSuspects.sum(),
                jobsSucceeded, jobsFailed, jobsCancelled);
    }
}
