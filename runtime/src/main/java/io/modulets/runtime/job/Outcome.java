package io.modulets.runtime.job;

import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.groups.UniAwait;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * A job's outcome, completed once, and the {@code Uni} that delivers it to any number of subscribers.
 *
 * <p>It is its own {@code Uni} rather than a {@code CompletableFuture} wrapped in one: on the submit-and-await
 * path, the wrapper cost a future, a completion callback and a claim CAS per subscriber (JFR: the claim alone
 * was about 6% of the CPU samples of the throughput benchmark). A subscriber that comes after completion gets
 * the outcome at once, without a lock; one that comes before waits in a short list, guarded by this object's
 * monitor, which it leaves when it cancels its subscription. Cancelling a subscription never affects the job:
 * the job is cancelled through its handle only.
 */
final class Outcome<R> extends AbstractUni<R> {

    private record Done(Object item, Throwable failure) {}

    /** Passed to the subscription interceptors to learn whether any is registered. */
    private static final UniSubscriber<Object> PROBE = new UniSubscriber<>() {
        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Object item) {
        }

        @Override
        public void onFailure(Throwable failure) {
        }
    };

    private volatile Done done;
    private Waiter<R> waiters; // guarded by this, null once done
    private Waiter<R> toTell; // written by settle() under the lock, read by tellSubscribers() on the same thread

    boolean isDone() {
        return done != null;
    }

    /**
     * Awaiting an outcome that is already known returns it at once, as Mutiny does for a Uni of a known item:
     * no subscription, latch or callback. The submit-then-await-in-order pattern of a batch mostly finds its
     * jobs done. It answers exactly as Mutiny's own await would (a {@code RuntimeException} as it is, anything
     * else in a {@code CompletionException}); in every other case it is Mutiny's own await: the outcome is not
     * known yet, the duration is not positive or does not fit in milliseconds, the caller must not block or
     * has been interrupted (Mutiny's latch throws then, and cancelling a job interrupts it), or a subscription
     * interceptor is registered (it must see the await).
     */
    @Override
    public UniAwait<R> awaitUsing(Context context) {
        return new UniAwait<>(this, context) {
            @Override
            @SuppressWarnings("unchecked")
            public R atMost(Duration duration) {
                Done outcome = done;
                if (outcome == null || (duration != null && (duration.isZero() || duration.isNegative()))
                        || !Infrastructure.canCallerThreadBeBlocked() || Thread.currentThread().isInterrupted()
                        || Infrastructure.onUniSubscription(Outcome.this, PROBE) != PROBE) {
                    return super.atMost(duration);
                }
                if (duration != null) {
                    duration.toMillis(); // Mutiny's await throws ArithmeticException for a duration this long
                }
                Throwable failure = outcome.failure();
                if (failure == null) {
                    return (R) outcome.item();
                }
                if (failure instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                throw new CompletionException(failure);
            }
        };
    }

    /**
     * Completes with {@code item}, or with {@code failure} if it is not null, and tells every subscriber:
     * {@link #settle} then {@link #tellSubscribers}.
     */
    void complete(R item, Throwable failure) {
        settle(item, failure);
        tellSubscribers();
    }

    /**
     * Fixes the outcome to {@code item}, or to {@code failure} if it is not null (then the item is dropped, so a
     * kept handle of a failed job holds no result); only the first call counts. From here on {@link #isDone()}
     * is true, and a subscriber or an await that comes now gets the outcome at once, on its own thread. Those
     * already waiting are told by {@link #tellSubscribers()}, which the same thread calls next. A
     * {@code CompletionException} with a cause is unwrapped, as Mutiny's Uni of a {@code CompletionStage} does.
     */
    void settle(R item, Throwable failure) {
        if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
            failure = wrapped.getCause();
        }
        Done outcome = failure == null ? new Done(item, null) : new Done(null, failure);
        synchronized (this) {
            if (done != null) {
                return;
            }
            done = outcome;
            toTell = waiters;
            waiters = null;
        }
    }

    /**
     * Tells the subscribers that were waiting when the outcome was {@linkplain #settle settled}, on this thread.
     * A subscriber that throws does not keep the others from being told: what it throws goes to Mutiny's
     * dropped-exception handler.
     */
    void tellSubscribers() {
        Waiter<R> waiting = toTell; // written by settle() on this same thread: no lock needed to read it back
        toTell = null;
        Done outcome = done;
        for (Waiter<R> w = waiting; w != null; w = w.next) {
            try {
                w.tell(outcome);
            } catch (Throwable thrown) {
                Infrastructure.handleDroppedException(thrown);
            }
        }
    }

    @Override
    public void subscribe(UniSubscriber<? super R> subscriber) {
        Waiter<R> waiter = new Waiter<>(this, subscriber);
        subscriber.onSubscribe(waiter);
        Done outcome = done;
        if (outcome == null) {
            synchronized (this) {
                outcome = done;
                if (outcome == null) {
                    if (!waiter.cancelled) {
                        waiter.next = waiters;
                        waiters = waiter;
                    }
                    return;
                }
            }
        }
        waiter.tell(outcome);
    }

    private synchronized void leave(Waiter<R> waiter) {
        Waiter<R> previous = null;
        for (Waiter<R> w = waiters; w != null; previous = w, w = w.next) {
            if (w == waiter) {
                if (previous == null) {
                    waiters = w.next;
                } else {
                    previous.next = w.next;
                }
                return;
            }
        }
    }

    /** One subscriber's subscription: told the outcome once, unless it cancelled first. */
    private static final class Waiter<R> implements UniSubscription {
        private final Outcome<R> outcome;
        private final UniSubscriber<? super R> subscriber;
        private volatile boolean cancelled;
        Waiter<R> next;

        Waiter(Outcome<R> outcome, UniSubscriber<? super R> subscriber) {
            this.outcome = outcome;
            this.subscriber = subscriber;
        }

        @SuppressWarnings("unchecked")
        void tell(Done outcome) {
            if (cancelled) {
                return;
            }
            if (outcome.failure() != null) {
                subscriber.onFailure(outcome.failure());
            } else {
                subscriber.onItem((R) outcome.item());
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                outcome.leave(this);
            }
        }
    }
}
