package io.modulets.runtime.jfr;

import io.modulets.runtime.RuntimeEvent;
import java.util.function.Consumer;

/**
 * Turns the runtime's own events into flight-recorder events: rejections, retirements, collections and leak
 * suspects. An observer of the runtime's event hub (its synchronous tap), so it sees every event whether or not
 * anyone subscribed. Deploys and jobs are emitted where they happen ({@link DeployEvent}, {@link JobEvent}), with
 * the durations only those places know. Stateless and thread-safe; with no recording it makes one event object
 * per runtime event it handles and commits nothing.
 */
public final class RuntimeEventRecorder implements Consumer<RuntimeEvent> {

    @Override
    public void accept(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.Rejected rejected -> rejection(rejected);
            case RuntimeEvent.LoaderRetired retired -> retirement(retired);
            case RuntimeEvent.Collected collected -> collection(collected);
            case RuntimeEvent.LeakSuspected suspected -> leakSuspect(suspected);
            default -> { } // deploys and jobs are emitted where they happen; the others have no event of their own
        }
    }

    private static void rejection(RuntimeEvent.Rejected rejected) {
        RejectionEvent event = new RejectionEvent();
        if (event.shouldCommit()) {
            event.file = rejected.file() == null ? null : rejected.file().toString();
            event.reason = rejected.reason();
            event.commit();
        }
    }

    private static void retirement(RuntimeEvent.LoaderRetired retired) {
        RetirementEvent event = new RetirementEvent();
        if (event.shouldCommit()) {
            event.module = retired.module();
            event.version = retired.version();
            event.undone = String.join("; ", retired.undone());
            event.commit();
        }
    }

    private static void collection(RuntimeEvent.Collected collected) {
        CollectionEvent event = new CollectionEvent();
        if (event.shouldCommit()) {
            event.module = collected.module();
            event.version = collected.version();
            event.afterRetire = collected.afterRetire().toNanos();
            event.suspectedBefore = collected.suspectedBefore();
            event.commit();
        }
    }

    private static void leakSuspect(RuntimeEvent.LeakSuspected suspected) {
        LeakSuspectEvent event = new LeakSuspectEvent();
        if (event.shouldCommit()) {
            event.module = suspected.module();
            event.version = suspected.version();
            event.afterRetire = suspected.afterRetire().toNanos();
            event.cause = suspected.cause();
            event.commit();
        }
    }
}
