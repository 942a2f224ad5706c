package io.modulets.runtime.events;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Broadcasts runtime events to every current subscriber of {@link #stream()}: a hot stream, each subscriber
 * sees what happens after it subscribed. Publishing never blocks: each subscriber has its own buffer of
 * {@value #BUFFER} events, and one that falls further behind receives a failure and is dropped. With no
 * subscriber, publishing costs a read of an empty list. Thread-safe.
 *
 * @param <E> the event type
 */
public final class EventHub<E> {

    /** Events a subscriber may fall behind by before its stream fails. */
    public static final int BUFFER = 65_536;

    private final CopyOnWriteArrayList<MultiEmitter<? super E>> subscribers = new CopyOnWriteArrayList<>();

    /** A new hot stream of the events published from now on; completes when the hub is closed. */
    public Multi<E> stream() {
        return Multi.createFrom().<E>emitter(emitter -> {
            subscribers.add(emitter);
            emitter.onTermination(() -> subscribers.remove(emitter));
        }, BUFFER);
    }

    /** Whether anyone listens, so a caller can skip building an event nobody will see. */
    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Sends {@code event} to every subscriber. */
    public void publish(E event) {
        for (MultiEmitter<? super E> subscriber : subscribers) {
            subscriber.emit(event);
        }
    }

    /** Completes every subscriber's stream. */
    public void close() {
        for (MultiEmitter<? super E> subscriber : subscribers) {
            subscriber.complete();
        }
        subscribers.clear();
    }
}
