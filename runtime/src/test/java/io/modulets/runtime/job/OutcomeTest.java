package io.modulets.runtime.job;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A job's outcome as a Uni: told once to every subscriber, before or after it completes; cancel only leaves. */
class OutcomeTest {

    @Test
    void subscribe_beforeAndAfterCompletion_everySubscriberGetsTheItemOnce() {
        Outcome<String> outcome = new Outcome<>();
        UniAssertSubscriber<String> early = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> early2 = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());
        early.assertNotTerminated();

        outcome.complete("ok", null);
        outcome.complete("again", null); // only the first completion counts
        UniAssertSubscriber<String> late = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());

        early.assertItem("ok");
        early2.assertItem("ok");
        late.assertItem("ok");
        assertTrue(outcome.isDone());
    }

    @Test
    void complete_withFailure_subscribersGetTheFailureItself() {
        Outcome<String> outcome = new Outcome<>();
        UniAssertSubscriber<String> early = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());
        IllegalStateException failure = new IllegalStateException("boom");

        outcome.complete(null, failure);

        assertSame(failure, early.assertFailedWith(IllegalStateException.class, "boom").getFailure());
        assertSame(failure, assertThrows(IllegalStateException.class, () -> outcome.await().indefinitely()));
    }

    @Test
    void await_afterCompletionWithACheckedFailure_throwsItInACompletionExceptionAsMutinyDoes() {
        Outcome<String> outcome = new Outcome<>();
        java.io.IOException failure = new java.io.IOException("disk");
        outcome.complete(null, failure);

        java.util.concurrent.CompletionException thrown = assertThrows(java.util.concurrent.CompletionException.class,
                () -> outcome.await().indefinitely());
        assertSame(failure, thrown.getCause());
        assertSame(failure, assertThrows(java.util.concurrent.CompletionException.class,
                () -> outcome.await().atMost(Duration.ofSeconds(1))).getCause());
    }

    @Test
    void awaitAtMost_zeroDurationOnACompletedOutcome_isRefusedAsMutinyRefusesIt() {
        Outcome<String> outcome = new Outcome<>();
        outcome.complete("ok", null);
        assertThrows(IllegalArgumentException.class, () -> outcome.await().atMost(Duration.ZERO));
        assertEquals("ok", outcome.await().indefinitely());
    }

    @Test
    void complete_aSubscriberThrows_theOthersAreStillToldAndCompleteReturns() {
        Outcome<String> outcome = new Outcome<>();
        UniAssertSubscriber<String> first = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());
        java.util.List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.smallrye.mutiny.infrastructure.Infrastructure.setDroppedExceptionHandler(dropped::add);
        try {
            outcome.subscribe().withSubscriber(new io.smallrye.mutiny.subscription.UniSubscriber<String>() {
                public void onSubscribe(io.smallrye.mutiny.subscription.UniSubscription s) {
                }
                public void onItem(String item) {
                    throw new IllegalStateException("subscriber bug");
                }
                public void onFailure(Throwable failure) {
                }
            });
            UniAssertSubscriber<String> last = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());

            outcome.complete("ok", null);

            first.assertItem("ok");
            last.assertItem("ok");
            assertEquals("subscriber bug", dropped.get(0).getMessage());
        } finally {
            io.smallrye.mutiny.infrastructure.Infrastructure.resetDroppedExceptionHandler();
        }
    }

    @Test
    void complete_withAFailureAndAnItem_keepsNoReferenceToTheItem() {
        Outcome<Object> outcome = new Outcome<>();
        Object item = new Object();
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(item);
        outcome.complete(item, new IllegalStateException("cancelled after the body returned"));
        item = null;

        // fails after the timeout if a kept handle of a failed job pins its body's result
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            System.gc();
            return ref.refersTo(null);
        });
        assertThrows(IllegalStateException.class, () -> outcome.await().indefinitely());
    }

    @Test
    void complete_withACompletionException_subscribersGetItsCause() {
        Outcome<String> outcome = new Outcome<>();
        java.io.IOException cause = new java.io.IOException("disk");
        outcome.complete(null, new java.util.concurrent.CompletionException(cause));

        outcome.subscribe().withSubscriber(UniAssertSubscriber.<String>create()).assertFailedWith(java.io.IOException.class, "disk");
    }

    @Test
    void await_completedOutcomeByAnInterruptedThread_throwsAsMutinyDoesAndKeepsTheInterrupt() {
        Outcome<String> outcome = new Outcome<>();
        outcome.complete("ok", null);
        Thread.currentThread().interrupt();
        try {
            java.util.concurrent.CompletionException thrown = assertThrows(java.util.concurrent.CompletionException.class,
                    () -> outcome.await().indefinitely());
            assertTrue(thrown.getCause() instanceof InterruptedException);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void awaitAtMost_durationTooLongForMilliseconds_throwsAsMutinyDoes() {
        Outcome<String> outcome = new Outcome<>();
        outcome.complete("ok", null);
        assertThrows(ArithmeticException.class, () -> outcome.await().atMost(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void complete_withNullItem_isAnItemNotAFailure() {
        Outcome<String> outcome = new Outcome<>();
        outcome.complete(null, null);
        assertEquals(null, outcome.await().atMost(Duration.ofSeconds(1)));
    }

    @Test
    void cancel_beforeCompletion_thatSubscriberIsNotToldAndNoLongerWaits() {
        Outcome<String> outcome = new Outcome<>();
        UniAssertSubscriber<String> gone = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> stays = outcome.subscribe().withSubscriber(UniAssertSubscriber.create());

        gone.cancel();
        outcome.complete("ok", null);

        gone.assertNotTerminated();
        stays.assertItem("ok");
    }

    @Test
    void awaitAtMost_timesOutBeforeCompletion_doesNotCompleteTheOutcomeAndALaterAwaitGetsTheItem() {
        Outcome<String> outcome = new Outcome<>();
        assertThrows(TimeoutException.class, () -> outcome.await().atMost(Duration.ofMillis(20)));
        assertFalse(outcome.isDone());

        outcome.complete("later", null);

        assertEquals("later", outcome.await().atMost(Duration.ofSeconds(1)));
    }

    @Test
    void awaitAtMost_manyTimedOutWaitsOnAPendingOutcome_leaveNothingBehind() throws Exception {
        Outcome<String> outcome = new Outcome<>();
        for (int i = 0; i < 200; i++) {
            assertThrows(TimeoutException.class, () -> outcome.await().atMost(Duration.ofNanos(1_000)));
        }
        java.lang.reflect.Field waiters = Outcome.class.getDeclaredField("waiters");
        waiters.setAccessible(true);
        synchronized (outcome) {
            assertEquals(null, waiters.get(outcome), "every timed-out subscription left the list");
        }
    }

    @Test
    void subscribeAndComplete_racingOnManyThreads_everySubscriberIsToldExactlyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Outcome<Integer> outcome = new Outcome<>();
            int subscribers = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> told = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                told.add(f);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    outcome.subscribe().with(item -> {
                        if (!f.complete(item)) {
                            f.obtrudeException(new AssertionError("told twice"));
                        }
                    }, f::completeExceptionally);
                }));
            }
            int value = round;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                outcome.complete(value, null);
            }));
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (CompletableFuture<Integer> f : told) {
                assertEquals(round, f.get(5, TimeUnit.SECONDS));
            }
        }
    }
}
