package io.modulets.runtime.leak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What a thread works for, when it is not a thread of its own: the thread pool or the {@code java.util.Timer}
 * behind it, and whether that belongs to the retired loader's code (so that stopping it is stopping the module's
 * own) or to the host (so that only the module's tasks in it are the module's).
 */
sealed interface BehindThread {

    /** What the thread is, as a phrase ("a worker of the ScheduledThreadPoolExecutor it created"). */
    String what();

    /** Whether it belongs to the retired loader's code: stopping it then stops nothing of the host's. */
    boolean modules();

    /**
     * A worker of a {@link ThreadPoolExecutor} (or a {@code ScheduledThreadPoolExecutor}).
     *
     * @param ownTasks the queued tasks of the loader's code, unwrapped ({@code FutureTask} and
     *     {@code Executors.callable} adapters seen through)
     */
    record Pool(ThreadPoolExecutor executor, boolean modules, List<Runnable> ownTasks) implements BehindThread {
        @Override
        public String what() {
            String kind = executor.getClass().getSimpleName().isEmpty() ? "ThreadPoolExecutor" : executor.getClass().getSimpleName();
            return "a worker of " + (modules ? "the " + kind + " its code created" : "a " + kind);
        }
    }

    /** A worker of a {@link ForkJoinPool} that is not the common pool nor the virtual-thread scheduler. */
    record ForkJoin(ForkJoinPool pool, boolean modules) implements BehindThread {
        @Override
        public String what() {
            return "a worker of " + (modules ? "the ForkJoinPool its code created" : "a ForkJoinPool");
        }
    }

    /** The thread of a {@code java.util.Timer}, which ignores interrupts. */
    record TimerQueue(Object queue, boolean modules) implements BehindThread {
        @Override
        public String what() {
            return "a java.util.Timer thread (it ignores interrupts)";
        }
    }

    /**
     * What is behind {@code thread}, as far as {@code access} lets it be seen; null if nothing (a thread of its
     * own), or if what it works for cannot be looked at.
     *
     * @param ownsContextOfAll whether every worker of the same pool has the loader as context loader
     */
    static BehindThread of(Thread thread, ClassLoader loader, JdkAccess access, Object task,
            java.util.function.Predicate<ThreadPoolExecutor> ownsContextOfAll, boolean runsItsCode) {
        if (thread instanceof ForkJoinWorkerThread worker) {
            return forkJoin(worker, loader);
        }
        if (isTimerThread(thread)) {
            return access.opens("java.util") ? TimerThreads.queueOf(thread, loader) : null;
        }
        if (task != null && task.getClass().getName().equals("java.util.concurrent.ThreadPoolExecutor$Worker")
                && access.opens("java.util.concurrent")) {
            ThreadPoolExecutor executor = (ThreadPoolExecutor) JdkFields.get(JdkFields.field(task.getClass(), "this$0"), task);
            List<Runnable> own = ownTasks(executor, loader);
            boolean modules = definedBy(executor, loader) || definedBy(executor.getThreadFactory(), loader)
                    || definedBy(executor.getRejectedExecutionHandler(), loader)
                    || (ownsContextOfAll.test(executor) && (!own.isEmpty() || runsItsCode));
            return new Pool(executor, modules, own);
        }
        return null;
    }

    /** Whether {@code thread} is a {@code java.util.Timer}'s. */
    static boolean isTimerThread(Thread thread) {
        return thread.getClass().getName().equals("java.util.TimerThread");
    }

    private static BehindThread forkJoin(ForkJoinWorkerThread worker, ClassLoader loader) {
        ForkJoinPool pool = worker.getPool();
        if (pool == ForkJoinPool.commonPool() || worker.getClass().getName().equals("jdk.internal.misc.CarrierThread")) {
            return null;
        }
        boolean modules = definedBy(pool, loader) || definedBy(pool.getFactory(), loader)
                || definedBy(pool.getUncaughtExceptionHandler(), loader);
        return new ForkJoin(pool, modules);
    }

    private static List<Runnable> ownTasks(ThreadPoolExecutor executor, ClassLoader loader) {
        List<Runnable> own = new ArrayList<>();
        for (Runnable queued : executor.getQueue().toArray(new Runnable[0])) {
            if (definedBy(unwrap(queued), loader)) {
                own.add(queued);
            }
        }
        return own;
    }

    /** The module's own object inside a JDK task wrapper ({@code FutureTask}, {@code Executors.callable}). */
    private static Object unwrap(Object task) {
        Object inner = task;
        if (inner instanceof FutureTask<?>) {
            inner = JdkFields.get(JdkFields.field(FutureTask.class, "callable"), inner);
        }
        if (inner instanceof Callable<?> && inner.getClass().getName().equals("java.util.concurrent.Executors$RunnableAdapter")) {
            inner = JdkFields.get(JdkFields.field(inner.getClass(), "task"), inner);
        }
        return inner;
    }

    /** Whether {@code object}'s class (or {@code object} itself, if a class) is defined by {@code loader}. */
    static boolean definedBy(Object object, ClassLoader loader) {
        if (object == null) {
            return false;
        }
        Class<?> type = object instanceof Class<?> c ? c : object.getClass();
        return type.getClassLoader() == loader;
    }
}
