package io.modulets.runtime.events;

import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Broadcasts runtime events to every current subscriber of {@link #stream()}: a hot stream, each subscriber sees
 * what is published after it subscribed, in publish order (events published by one thread, or one after the
 * other, arrive in that order). Thread-safe; {@link #publish} is null-hostile.
 *
 * <p>Publishing never blocks and never runs subscriber code: it puts the event in each subscriber's own buffer of
 * {@value #BUFFER} events. Events reach the subscriber on a virtual thread named {@code modulets-events}, at
 * most one per subscriber at a time and none while it is idle, as fast as it requests them (Reactive Streams
 * demand). Those threads have the context class loader given to the constructor, never the publisher's.
 *
 * <p>Overflow: a subscriber that falls more than {@value #BUFFER} events behind (it requests too few, or its
 * {@code onNext} is too slow) is cancelled. Its buffered events are dropped, its stream fails with
 * {@link io.smallrye.mutiny.subscription.BackPressureFailure}, one WARN line goes to {@code io.modulets.events},
 * and it gets no more events; other subscribers and publishers do not notice. A subscriber whose {@code onNext}
 * throws is cancelled the same way, with the exception logged.
 *
 * <p>With no subscriber, publishing costs a read of an empty list; with subscribers, one non-blocking offer each.
 *
 * @param <E> the event type
 */
public final class EventHub<E> {

    /**
     * Events a subscriber may fall behind by before it is cancelled. Enough for a burst of 32,768 jobs (a
     * JobStarted and a JobEnded each) or a folder of thousands of jars while a subscriber is briefly busy (a GC
     * pause, a slow disk under its log); small enough that a stalled subscriber holds a few MiB of events, each
     * naming a namespace, rather than the heap. Memory is taken per queued event, not up front.
     */
    public static final int BUFFER = 65_536;

    /**
     * How long {@link #close()} waits, in all, for subscribers to receive what was published to them and their
     * completion. Delivering to a subscriber that keeps up takes microseconds; this is only ever used up by one
     * that is blocked or requests nothing, and it bounds how long such a one can hold up the runtime's close.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger("io.modulets.events");

    private final ClassLoader deliveryLoader;
    private final Consumer<? super E> tap;
    private final CopyOnWriteArrayList<Delivery<E>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * A hub whose delivery threads have {@code deliveryLoader} as context class loader: the runtime passes the
     * loader of its platform classes, so that a delivery started from a job's thread does not carry (and keep
     * reachable) the job's module loader.
     *
     * @param deliveryLoader the context class loader of delivery threads, or null for none
     */
    public EventHub(ClassLoader deliveryLoader) {
        this(deliveryLoader, event -> { });
    }

    /**
     * A hub that also hands every published event to {@code tap}, synchronously on the publishing thread, before any
     * subscriber gets it: how the runtime's own counters, MBeans and flight-recorder events follow it without being a
     * subscriber (a subscriber would make {@link #hasSubscribers()} true, and every job publish its events). The tap
     * must be quick and must not block; an exception it throws is logged and does not stop the publish.
     */
    public EventHub(ClassLoader deliveryLoader, Consumer<? super E> tap) {
        this.deliveryLoader = deliveryLoader;
        this.tap = Objects.requireNonNull(tap, "tap");
    }

    /**
     * A new hot stream of the events published from now on. It completes when the hub is closed, at once if it
     * already is; it fails as described above if its subscriber falls too far behind.
     */
    public Multi<E> stream() {
        return Multi.createFrom().<E>safePublisher(this::subscribe);
    }

    private void subscribe(Flow.Subscriber<? super E> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Delivery<E> delivery = new Delivery<>(subscriber, deliveryLoader, subscribers::remove);
        subscriber.onSubscribe(delivery);
        subscribers.add(delivery);
        if (closed) {
            delivery.complete();
        }
        if (delivery.stopping()) {
            subscribers.remove(delivery); // it ended before it was added: its own removal came too early
        }
        delivery.subscribed();
    }

    /** Whether anyone listens, so a caller can skip building an event nobody will see. */
    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Hands {@code event} to the tap, then puts it in every subscriber's buffer; never blocks. */
    public void publish(E event) {
        Objects.requireNonNull(event, "event");
        try {
            tap.accept(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "the runtime's own observer of %s failed; subscribers still get it", event);
        }
        for (Delivery<E> subscriber : subscribers) {
            subscriber.offer(event);
        }
    }

    /**
     * Completes every subscriber's stream once it has received what was published before (an event published
     * while close runs may or may not reach it); later publishes reach nobody. Waits up to one second in all for
     * that delivery, then returns even if a subscriber is still blocked or has not requested everything: its
     * stream completes when it has. Idempotent.
     */
    public void close() {
        closed = true;
        List<Delivery<E>> open = List.copyOf(subscribers);
        subscribers.clear();
        open.forEach(Delivery::complete);
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Delivery<E> delivery : open) {
            try {
                delivery.ended().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.debugf("closed with event subscribers still receiving; their streams complete when they catch up");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // ended() never completes exceptionally
            }
        }
    }
}
