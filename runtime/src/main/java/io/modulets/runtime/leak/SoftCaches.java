package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.beans.Introspector;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/**
 * The JDK's caches that hold a retiring loader's classes softly or weakly: {@code ResourceBundle}'s bundles (per
 * loader) and {@code java.beans.Introspector}'s bean infos (per thread group). Neither is a leak (the JVM frees them when it needs
 * the memory), but flushing them at retirement lets the loader go at once rather than at the next memory
 * pressure. Both are flushed at every retirement (cheap); each is named as undone only when the loader's code uses
 * it (the JVM recorded the loader as a loader of the JDK class).
 */
final class SoftCaches implements Remedy {

    /** How long the control thread waits for the flush on a virtual thread; it finishes on its own if longer. */
    private static final java.time.Duration FLUSH_WAIT = java.time.Duration.ofSeconds(1);

    @Override
    public String kind() {
        return "soft caches";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> undone = new ArrayList<>();
        ResourceBundle.clearCache(loader);
        if (loader.hasLoaded(ResourceBundle.class.getName())) {
            undone.add("cleared ResourceBundle's cache of the bundles it loaded");
        }
        flushIntrospector();
        if (loader.hasLoaded(Introspector.class.getName())) {
            undone.add("flushed java.beans.Introspector's caches");
        }
        return undone;
    }

    /**
     * Flushes {@code Introspector}'s caches: the shared class infos, and the bean infos of the thread group of the
     * calling thread and of the virtual threads' group, where jobs run ({@code flushCaches} flushes only the
     * caller's group's).
     */
    private static void flushIntrospector() {
        Introspector.flushCaches();
        Thread flusher = Thread.ofVirtual().name("modulets-introspector-flush").start(Introspector::flushCaches);
        try {
            flusher.join(FLUSH_WAIT); // the control thread never waits long for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
