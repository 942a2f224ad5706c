package io.modulets.supervisor;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Shared test helpers: waiting, a fake clock, bodies, and an event recorder. */
final class Fixtures {

    static final Duration WAIT = Duration.ofSeconds(10);

    private Fixtures() {
    }

    static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(WAIT);
    }

    /** A body that blocks until its thread is interrupted, then ends with InterruptedException. */
    static ChildBody blockUntilStopped() {
        return ctx -> new CountDownLatch(1).await();
    }

    static ChildSpec worker(String id, ChildBody body) {
        return ChildSpec.worker(id, body).build();
    }

    static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS), "latch not released within " + WAIT);
    }

    static ExitReason awaitTermination(Supervisor supervisor) throws InterruptedException {
        return supervisor.awaitTermination(WAIT).orElseThrow(
                () -> new AssertionError("supervisor '" + supervisor.name() + "' still runs after " + WAIT));
    }

    /**
     * A clock that only moves when told to. Like {@link System#nanoTime()} it may wrap around: it starts 7
     * seconds before {@code Long.MAX_VALUE}, so tests that advance it cross the wrap.
     */
    static final class FakeClock implements LongSupplier {
        private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(7).toNanos());

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    /** Records a supervisor's events from the moment it subscribes. */
    static final class EventLog {
        private final List<SupervisorEvent> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch completed = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        static EventLog of(Supervisor supervisor) {
            EventLog log = new EventLog();
            supervisor.events().subscribe().with(log.events::add, f -> {
                log.failure.set(f);
                log.completed.countDown();
            }, log.completed::countDown);
            return log;
        }

        List<SupervisorEvent> events() {
            return List.copyOf(events);
        }

        void awaitEvent(SupervisorEvent expected) {
            await().alias("event " + expected).until(() -> events.contains(expected));
        }

        void awaitEvent(Predicate<SupervisorEvent> expected) {
            await().until(() -> events.stream().anyMatch(expected));
        }

        long count(Predicate<SupervisorEvent> which) {
            return events.stream().filter(which).count();
        }

        List<SupervisorEvent> awaitCompletion() throws InterruptedException {
            awaitLatch(completed);
            assertNull(failure.get(), "event stream failed");
            return events();
        }
    }
}
