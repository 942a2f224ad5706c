package io.modulets.runtime.events;

import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/*
 * Design
 * ------
 * One Delivery per subscriber. Publishers (job threads, the control thread, ...) call offer() concurrently;
 * the subscriber is signalled by one drain at a time, on a virtual thread of its own.
 *
 *   - queue: a lock-free linked queue (many producers, one consumer: the drain), bounded by `size`, which
 *     offer() increments before enqueueing and the drain decrements after taking. Past EventHub.BUFFER the
 *     offer does not enqueue: it records the overflow and schedules a drain, which drops what is queued,
 *     logs one WARN and fails the subscriber with BackPressureFailure. A publisher never waits and never logs.
 *   - requested: the subscriber's outstanding demand (Reactive Streams 3.17: capped at Long.MAX_VALUE, which
 *     means unbounded and is never decremented).
 *   - wip: how many times a drain was asked for since the running one started. Whoever moves it from 0 starts
 *     a drain thread; everyone else only increments it, and the drain loops until it has seen every increment
 *     ("missed" counting), then ends. So a subscriber has at most one drain thread, and an idle one has none.
 *     offer() asks for a drain only when there is demand, so events piling up for a subscriber that requests
 *     nothing start no threads; request() always asks (from inside onNext it finds wip > 0: no new thread).
 *   - wip starts at 1, so nothing reaches the subscriber while its onSubscribe runs (even if it requests from
 *     there, or the hub is closed meanwhile); subscribed() gives that 1 back and drains if anyone asked.
 *   - Terminal conditions (close, overflow, a bad request, cancel, onNext throwing) are flags that the drain
 *     checks before each item. Once the drain has sent a terminal signal it returns without decrementing wip,
 *     so no drain ever runs again. `ended` completes after that last signal; EventHub.close() waits on it.
 *
 * Drain threads get the hub's context class loader and no inheritable thread-locals: they are started from
 * whatever thread publishes, often a job's, whose context loader is the module's (that would keep a retired
 * module's loader reachable for as long as a slow subscriber keeps the thread).
 */
final class Delivery<E> implements Flow.Subscription {

    private static final Logger LOG = Logger.getLogger("io.modulets.events");
    private static final ThreadFactory THREADS =
            Thread.ofVirtual().name("modulets-events").inheritInheritableThreadLocals(false).factory();

    private final Flow.Subscriber<? super E> subscriber;
    private final ClassLoader contextLoader;
    private final Consumer<Delivery<E>> onEnd;
    private final Queue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger(1); // held until onSubscribe has returned: see subscribed()
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean completing;
    private volatile boolean cancelled;

    /**
     * @param subscriber    who receives the events
     * @param contextLoader the context class loader of drain threads, or null
     * @param onEnd         given this delivery once its stream has ended or was cancelled (the hub forgets it)
     */
    Delivery(Flow.Subscriber<? super E> subscriber, ClassLoader contextLoader, Consumer<Delivery<E>> onEnd) {
        this.subscriber = subscriber;
        this.contextLoader = contextLoader;
        this.onEnd = onEnd;
    }

    /**
     * Called once the subscriber's {@code onSubscribe} has returned: no signal may reach it before (Reactive
     * Streams 1.3, 1.9), so until then {@code wip} is held at 1 and drains asked for meanwhile only count.
     */
    void subscribed() {
        if (wip.decrementAndGet() != 0) {
            startDrain();
        }
    }

    /** Queues {@code event} for the subscriber; never blocks. Ignored once the stream is ending. */
    void offer(E event) {
        if (stopping()) {
            return;
        }
        if (size.incrementAndGet() > EventHub.BUFFER) {
            fail(new BackPressureFailure("an events() subscriber fell more than " + EventHub.BUFFER
                    + " events behind; it was cancelled and gets no more events"));
            return;
        }
        queue.offer(event);
        if (requested.get() != 0) {
            schedule();
        }
    }

    /** Completes the stream once the subscriber has taken what is queued. */
    void complete() {
        completing = true;
        schedule();
    }

    /** Whether the stream is ending or has ended: no more events are queued. */
    boolean stopping() {
        return completing || cancelled || failure.get() != null;
    }

    /** Completes when the subscriber has received its last signal, or cancelled. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("an events() subscriber requested " + n
                    + " events; Reactive Streams rule 3.9 requires a positive number"));
            return;
        }
        requested.getAndAccumulate(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        schedule();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onEnd.accept(this);
            schedule(); // the drain, running or started now, drops the queue
        }
    }

    private void fail(Throwable reason) {
        if (failure.compareAndSet(null, reason)) {
            schedule();
        }
    }

    private void schedule() {
        if (wip.getAndIncrement() == 0) {
            startDrain();
        }
    }

    private void startDrain() {
        Thread thread = THREADS.newThread(this::drain);
        thread.setContextClassLoader(contextLoader);
        thread.start();
    }

    private void drain() {
        if (ended.isDone()) {
            return; // only after wip wrapped around on a stream that ended long ago
        }
        int missed = 1;
        while (!deliverWhatDemandAllows()) {
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** {@return true once the stream has ended: this drain and every later one must stop} */
    private boolean deliverWhatDemandAllows() {
        long demand = requested.get();
        long sent = 0;
        while (true) {
            if (endedAbnormally()) {
                return true;
            }
            if (sent == demand) {
                break;
            }
            E event = queue.poll();
            if (event == null) {
                break;
            }
            size.decrementAndGet();
            if (!deliver(event)) {
                return true;
            }
            sent++;
        }
        if (completing && queue.isEmpty()) {
            end(subscriber::onComplete);
            return true;
        }
        if (sent != 0 && demand != Long.MAX_VALUE) {
            requested.addAndGet(-sent);
        }
        return false;
    }

    /** Ends the stream if it was cancelled or has failed; {@return whether it did} */
    private boolean endedAbnormally() {
        if (cancelled) {
            end(() -> { });
            return true;
        }
        Throwable reason = failure.get();
        if (reason == null) {
            return false;
        }
        if (reason instanceof BackPressureFailure) {
            LOG.warnf("an events() subscriber fell more than %d events behind (it requested too few, or handles "
                    + "them too slowly) and was cancelled: its stream failed with BackPressureFailure and it gets "
                    + "no more events. Handle events faster or hand them to a queue of your own, then subscribe "
                    + "again", EventHub.BUFFER);
        }
        end(() -> subscriber.onError(reason));
        return true;
    }

    private boolean deliver(E event) {
        try {
            subscriber.onNext(event);
            return true;
        } catch (RuntimeException | Error e) {
            cancelled = true;
            LOG.warnf(e, "an events() subscriber threw from onNext and was cancelled (Reactive Streams rule 2.13: "
                    + "onNext must not throw); it gets no more events");
            end(() -> { });
            return false;
        }
    }

    /** Forgets the queue and the hub's reference, sends the last signal, then marks the stream ended. */
    private void end(Runnable lastSignal) {
        queue.clear();
        onEnd.accept(this);
        try {
            lastSignal.run();
        } finally {
            ended.complete(null);
        }
    }
}
