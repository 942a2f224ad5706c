package io.modulets.demos.shared;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The confirmation-email demo's mail server, shared with module code like {@link Gate}: {@code send_email}
 * posts what it sends (and says when it crashed), {@code wait_reply} posts the reply it got, and the demo
 * reads each job's mailbox to tell the story.
 */
public final class Outbox {

    private static final ConcurrentHashMap<String, List<String>> BOXES = new ConcurrentHashMap<>();

    private Outbox() {
    }

    /** Appends {@code line} to the mailbox {@code key}. */
    public static void post(String key, String line) {
        box(key).add(line);
    }

    /** A snapshot of the mailbox {@code key}, oldest line first. */
    public static List<String> read(String key) {
        return List.copyOf(box(key));
    }

    private static List<String> box(String key) {
        return BOXES.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    }
}
