package io.modulets.runtime.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Collections;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub never makes a publisher wait or run subscriber code, and each subscriber's stream keeps its contract. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // against a hang when the hub does block; tests bound their own waits
class EventHubTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Held so that java.util.logging does not drop the logger, and its handler, between tests. */
    private static final Logger CATEGORY = Logger.getLogger("io.modulets.events");

    private final ClassLoader hostLoader = new URLClassLoader("host", new URL[0], EventHubTest.class.getClassLoader());
    private final ClassLoader moduleLoader = new URLClassLoader("module", new URL[0], EventHubTest.class.getClassLoader());
    private final EventHub<Integer> hub = new EventHub<>(hostLoader);
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void recordWarnings() {
        CATEGORY.addHandler(recorder);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        hub.close();
        CATEGORY.removeHandler(recorder);
    }

    /** A subscriber that requests everything and records each item, and the thread it came on. */
    private static final class Recorder {
        private final Queue<Integer> received = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Set<ClassLoader> loaders = Collections.synchronizedSet(new HashSet<>()); // may hold null
        final CompletableFuture<Throwable> end = new CompletableFuture<>(); // null for completion

        static Recorder of(EventHub<Integer> hub) {
            Recorder recorder = new Recorder();
            hub.stream().subscribe().with(item -> {
                recorder.threads.add(Thread.currentThread());
                recorder.loaders.add(Thread.currentThread().getContextClassLoader());
                recorder.add(item);
            }, recorder.end::complete, () -> recorder.end.complete(null));
            return recorder;
        }

        void add(Integer item) {
            received.add(item);
            count.incrementAndGet();
        }

        List<Integer> items() {
            return List.copyOf(received);
        }

        Throwable awaitEnd() throws Exception {
            return end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        void awaitItems(int expected) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> count.get() >= expected);
        }
    }

    /** Subscribes with an onNext that waits for {@link #release} on the first item, and records the rest. */
    private Recorder blockedOnFirstItem(CountDownLatch entered) {
        Recorder recorder = new Recorder();
        hub.stream().subscribe().with(item -> {
            recorder.add(item);
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, recorder.end::complete, () -> recorder.end.complete(null));
        return recorder;
    }

    private void publishRange(int from, int to) {
        for (int i = from; i < to; i++) {
            hub.publish(i);
        }
    }

    /**
     * Publishes {@code from} to {@code to} in chunks of a quarter buffer, each once {@code reader} has taken the
     * previous ones, so that on a loaded machine only a subscriber that does not read can overflow.
     */
    private void publishPaced(int from, int to, Recorder reader) {
        for (int chunk = from; chunk < to; chunk += EventHub.BUFFER / 4) {
            publishRange(chunk, Math.min(to, chunk + EventHub.BUFFER / 4));
            reader.awaitItems(Math.min(to, chunk + EventHub.BUFFER / 4));
        }
    }

    private String warningMessages() {
        return warnings.stream().map(LogRecord::getMessage).toList().toString();
    }

    @Test
    void publish_subscriberBlocksInOnNext_publisherDoesNotWaitAndItemsComeOnADeliveryThread() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Recorder fast = Recorder.of(hub);
        Recorder blocked = blockedOnFirstItem(entered);

        assertTimeoutPreemptively(WAIT, () -> {
            hub.publish(1);
            assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the blocked subscriber never got its item");
            publishRange(2, 100);
        }, "publish waited for a subscriber");
        fast.awaitItems(99);

        assertTrue(fast.threads.stream().noneMatch(t -> t == Thread.currentThread()), "onNext ran on the publisher");
        assertTrue(fast.threads.stream().allMatch(t -> t.isVirtual() && t.getName().equals("modulets-events")),
                fast.threads::toString);
        assertEquals(List.of(1), blocked.items());
    }

    @Test
    void publish_manyEventsFromSeveralThreads_eachSubscriberSeesEachPublishersEventsInPublishOrder() throws Exception {
        Recorder first = Recorder.of(hub);
        Recorder second = Recorder.of(hub);
        int perThread = 20_000;

        List<Thread> publishers = IntStream.range(0, 3).mapToObj(p -> Thread.ofPlatform().start(
                () -> publishRange(p * perThread, (p + 1) * perThread))).toList();
        for (Thread publisher : publishers) {
            publisher.join();
        }
        first.awaitItems(3 * perThread);
        second.awaitItems(3 * perThread);

        for (Recorder recorder : List.of(first, second)) {
            for (int p = 0; p < 3; p++) {
                int from = p * perThread;
                List<Integer> own = recorder.items().stream().filter(i -> i >= from && i < from + perThread).toList();
                assertEquals(IntStream.range(from, from + perThread).boxed().toList(), own);
            }
        }
    }

    @Test
    void publish_subscriberNeverRequests_failsWithBackPressureAndOneWarnWhileOthersGetEverything() {
        AssertSubscriber<Integer> stalled = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(0));
        Recorder reader = Recorder.of(hub);

        assertTimeoutPreemptively(WAIT.multipliedBy(2), () -> publishPaced(0, EventHub.BUFFER + 1000, reader),
                "publish waited");
        stalled.awaitFailure(failure -> assertInstanceOf(BackPressureFailure.class, failure), WAIT);

        stalled.assertHasNotReceivedAnyItem();
        assertEquals(IntStream.range(0, EventHub.BUFFER + 1000).boxed().toList(), reader.items());
        assertEquals(1, warnings.size(), this::warningMessages);
        assertTrue(warnings.getFirst().getMessage().contains("fell more than"), this::warningMessages);
        assertEquals(Level.WARNING.intValue(), warnings.getFirst().getLevel().intValue());
    }

    @Test
    void publish_subscriberTooSlow_losesItsBufferAndFailsOnceReleasedWhileOthersGetEverything() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Recorder slow = blockedOnFirstItem(entered);
        Recorder reader = Recorder.of(hub);

        assertTimeoutPreemptively(WAIT.multipliedBy(2), () -> {
            hub.publish(0);
            assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
            publishPaced(1, EventHub.BUFFER + 2, reader); // one in onNext, BUFFER waiting, one too many
        }, "publish waited for the slow subscriber");
        release.countDown();

        assertInstanceOf(BackPressureFailure.class, slow.awaitEnd());
        assertEquals(List.of(0), slow.items(), "the events buffered when it overflowed are dropped");
        assertEquals(EventHub.BUFFER + 2, reader.items().size());
        assertEquals(1, warnings.size(), this::warningMessages);
        assertFalse(reader.end.isDone());
    }

    @Test
    void deliveryThread_publisherHasAModuleContextLoader_runsWithTheHubsLoader() throws Exception {
        Recorder recorder = Recorder.of(hub);

        Thread publisher = Thread.ofVirtual().unstarted(() -> hub.publish(1));
        publisher.setContextClassLoader(moduleLoader);
        publisher.start();
        publisher.join();
        recorder.awaitItems(1);

        assertEquals(Set.of(hostLoader), recorder.loaders);
    }

    @Test
    void deliveryThread_noLoaderGiven_hasNoContextLoader() throws Exception {
        EventHub<Integer> noLoader = new EventHub<>(null);
        Recorder recorder = Recorder.of(noLoader);

        Thread publisher = Thread.ofVirtual().unstarted(() -> noLoader.publish(1));
        publisher.setContextClassLoader(moduleLoader);
        publisher.start();
        publisher.join();
        recorder.awaitItems(1);

        assertEquals(Collections.singleton(null), recorder.loaders);
        noLoader.close();
    }

    @Test
    void close_eventsAlreadyPublished_eachSubscriberGetsThemThenCompletion() throws Exception {
        Recorder first = Recorder.of(hub);
        Recorder second = Recorder.of(hub);
        publishRange(0, 1000);

        hub.close();

        assertNull(first.awaitEnd());
        assertNull(second.awaitEnd());
        assertEquals(IntStream.range(0, 1000).boxed().toList(), first.items());
        assertEquals(IntStream.range(0, 1000).boxed().toList(), second.items());
        assertFalse(hub.hasSubscribers());
    }

    @Test
    void close_subscriberBlockedInOnNext_returnsWithinTheGraceAndCompletesItOnceReleased() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Recorder blocked = blockedOnFirstItem(entered);
        assertTimeoutPreemptively(WAIT, () -> {
            hub.publish(0);
            hub.publish(1);
        }, "publish waited for the blocked subscriber");
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));

        assertTimeoutPreemptively(EventHub.CLOSE_GRACE.plus(WAIT), hub::close);
        assertFalse(blocked.end.isDone());
        release.countDown();

        assertNull(blocked.awaitEnd());
        assertEquals(List.of(0, 1), blocked.items());
    }

    @Test
    void close_subscriberWithoutDemand_getsBufferedEventsAndCompletionWhenItRequests() {
        AssertSubscriber<Integer> lazy = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(0));
        publishRange(0, 3);

        hub.close();
        lazy.request(10);

        lazy.awaitCompletion(WAIT);
        assertEquals(List.of(0, 1, 2), lazy.getItems());
    }

    @Test
    void stream_subscribedAfterClose_completesAtOnce() {
        hub.close();

        AssertSubscriber<Integer> late = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(0));

        late.awaitCompletion(WAIT);
        late.assertHasNotReceivedAnyItem();
    }

    @Test
    void stream_subscribedAfterPublish_seesOnlyLaterEvents() {
        hub.publish(1);
        AssertSubscriber<Integer> later = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(10));

        hub.publish(2);

        later.awaitItems(1, WAIT);
        assertEquals(List.of(2), later.getItems());
    }

    @Test
    void hasSubscribers_lastOneCancels_false() {
        assertFalse(hub.hasSubscribers());
        AssertSubscriber<Integer> subscriber = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(1));
        assertTrue(hub.hasSubscribers());

        subscriber.cancel();

        assertFalse(hub.hasSubscribers());
        hub.publish(1);
        subscriber.assertHasNotReceivedAnyItem();
    }

    @Test
    void request_demandOfOneAtATime_eachItemComesOnlyWhenRequested() {
        AssertSubscriber<Integer> stepper = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(1));
        publishRange(0, 3);

        stepper.awaitItems(1, WAIT);
        assertEquals(List.of(0), stepper.getItems());
        stepper.request(2);

        stepper.awaitItems(3, WAIT);
        assertEquals(List.of(0, 1, 2), stepper.getItems());
    }

    @Test
    void request_notPositive_failsTheStreamWithIllegalArgument() {
        AssertSubscriber<Integer> bad = hub.stream().subscribe().withSubscriber(AssertSubscriber.create(0));

        bad.request(0);

        bad.awaitFailure(failure -> assertInstanceOf(IllegalArgumentException.class, failure), WAIT);
        assertFalse(hub.hasSubscribers());
    }

    @Test
    void onNext_subscriberThrows_isCancelledWithOneWarnAndOthersGoOn() throws Exception {
        Flow.Subscriber<Integer> throwing = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer item) {
                throw new IllegalStateException("subscriber broke on " + item);
            }

            @Override
            public void onError(Throwable failure) {
            }

            @Override
            public void onComplete() {
            }
        };
        hub.stream().subscribe(throwing);
        Recorder reader = Recorder.of(hub);

        publishRange(0, 10);
        reader.awaitItems(10);
        await().atMost(WAIT).until(() -> !warnings.isEmpty());

        assertEquals(1, warnings.size(), this::warningMessages);
        assertSame(IllegalStateException.class, warnings.getFirst().getThrown().getClass());
        assertTrue(warnings.getFirst().getMessage().contains("threw from onNext"), this::warningMessages);
        assertFalse(reader.end.isDone());
    }
}
