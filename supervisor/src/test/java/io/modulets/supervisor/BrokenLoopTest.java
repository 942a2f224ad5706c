package io.modulets.supervisor;

import static io.modulets.supervisor.Fixtures.awaitTermination;
import static io.modulets.supervisor.Fixtures.blockUntilStopped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A supervisor whose loop breaks (a bug, or a clock or thread that throws) still terminates, so nobody waiting
 * on it hangs, however its clean-up goes.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokenLoopTest {

    private final List<Thread> made = new CopyOnWriteArrayList<>();

    /**
     * Platform threads named t-0, t-1, ... whose {@code interrupt()} interrupts, then throws "interrupt of t-n
     * broke": stopping such a child fails after the child was told to stop, so its thread still ends.
     */
    private ThreadFactory threadsThatThrowOnInterrupt() {
        return task -> {
            String name = "t-" + made.size();
            Thread thread = new Thread(task, name) {
                @Override
                public void interrupt() {
                    super.interrupt();
                    throw new IllegalStateException("interrupt of " + name + " broke");
                }
            };
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        };
    }

    @Test
    void run_stoppingChildrenThrowsAfterTheLoopBroke_supervisorStillTerminatesAndStopsEveryChild() throws Exception {
        IllegalStateException clockBroke = new IllegalStateException("the clock broke");
        // "fails" (t-0) exits at once; reading the clock for that exit breaks the loop, which then stops
        // "waits-too" (t-2) and "waits" (t-1), and each stop throws.
        Supervisor supervisor = Supervisor.start(SupervisorSpec.builder().name("broken")
                .nanoClock(() -> {
                    throw clockBroke;
                })
                .threadFactory(threadsThatThrowOnInterrupt())
                .child(Fixtures.worker("fails", ctx -> {
                    throw new IllegalStateException("child failed");
                }))
                .child(Fixtures.worker("waits", blockUntilStopped()))
                .child(Fixtures.worker("waits-too", blockUntilStopped())).build());

        ExitReason reason = awaitTermination(supervisor);

        ExitReason.Failure failure = assertInstanceOf(ExitReason.Failure.class, reason);
        assertSame(clockBroke, failure.cause());
        assertEquals(List.of("interrupt of t-2 broke", "interrupt of t-1 broke"),
                Stream.of(clockBroke.getSuppressed()).map(Throwable::getMessage).toList());
        for (Thread thread : made) {
            assertTrue(thread.join(Fixtures.WAIT), thread + " still runs: the supervisor did not stop it");
        }
    }
}
