package io.modulets.runtime.leak;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The task queue of a {@code java.util.Timer}'s thread, read and cancelled from outside as Tomcat's
 * {@code clearReferencesStopTimerThread} does: the thread ignores interrupts, and the {@code Timer} object
 * itself cannot be reached from its thread. Needs {@code java.util} open.
 */
final class TimerThreads {

    private TimerThreads() {
    }

    /** The queue of {@code thread}, a Timer's, and whether the loader's code made it or has tasks in it. */
    static BehindThread.TimerQueue queueOf(Thread thread, ClassLoader loader) {
        Object queue = JdkFields.get(JdkFields.field(thread.getClass(), "queue"), thread);
        boolean modules = false; // a host Timer first made on a job's thread only gets its context loader reset
        Method size = JdkFields.method(queue.getClass(), "size");
        Method get = JdkFields.method(queue.getClass(), "get", int.class);
        synchronized (queue) {
            int n = (Integer) JdkFields.call(size, queue);
            for (int i = 1; i <= n && !modules; i++) { // the queue is a heap from index 1
                modules = BehindThread.definedBy(JdkFields.call(get, queue, i), loader);
            }
        }
        return new BehindThread.TimerQueue(queue, modules);
    }

    /**
     * Ends the timer's thread: no new task may be scheduled, the queue is emptied, and the thread, waiting on the
     * queue, is woken to see it and end (as {@code Timer.cancel()} does).
     */
    static void cancel(Thread thread, Object queue) {
        Field accepting = JdkFields.field(thread.getClass(), "newTasksMayBeScheduled");
        Method clear = JdkFields.method(queue.getClass(), "clear");
        synchronized (queue) {
            JdkFields.set(accepting, thread, false);
            JdkFields.call(clear, queue);
            queue.notifyAll();
        }
    }
}
