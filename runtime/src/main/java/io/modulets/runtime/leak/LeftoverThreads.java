package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Threads still running a retired version's code, and threads that merely have its loader as context class
 * loader (rule 10).
 *
 * <p>At retirement, with stopping on: a thread of the module's own is interrupted; the thread pool or
 * {@code java.util.Timer} its code created behind a thread is shut down ({@code shutdownNow()}) or cancelled
 * (a Timer's thread ignores interrupts); the module's tasks queued in a pool of the host are removed from it.
 * Nothing waits for them to end. In all cases, every live thread that has the loader as context class loader
 * gets the loader's parent (the platform layer's loader) instead: that frees the host's threads that inherited
 * it, and the idle workers of a pool the module left behind, which then hold nothing of it. The calling thread
 * (the reaper's control thread) is never touched, nor a thread tied only to other loaders.
 *
 * <p>At the leak deadline, every thread still tied to the loader is named with its state, the top frames of the
 * module's code and what it is; virtual threads that cannot be reached (without {@code jdk.internal.vm} open) are
 * named from the JDK's thread dump.
 *
 * <p>What decides that a pool is the module's: its class, thread factory or rejection handler is the loader's,
 * or every worker of it has the loader as context loader (the module created it on a job's thread) and one of
 * them runs the module's code or one of its queued tasks is the module's. A pool of the host whose workers were
 * first started on a job's thread meets that test too, if it still has tasks of the retired version; give the
 * host's pools their own thread factory to keep them out of it.
 */
final class LeftoverThreads implements Remedy {

    private static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";
    /** {@code Thread.holder}, which holds a platform thread's task; null when {@code java.lang} is not open. */
    private static final Field HOLDER = holderField();

    private final JdkAccess access;
    private final LiveThreads threads;
    private final boolean stop;
    private final VirtualThreadDump dump;
    /** Threads interrupted at a retirement, by the serial of the loader: if one still runs, it ignores interrupts. */
    private final Map<Thread, Long> interrupted = Collections.synchronizedMap(new WeakHashMap<>());
    /** Threads whose context loader was reset, by the serial of the loader, whose queues could not be looked at. */
    private final Map<Thread, Long> unseen = Collections.synchronizedMap(new WeakHashMap<>());

    LeftoverThreads(JdkAccess access, boolean stop) {
        this.access = access;
        this.threads = new LiveThreads(access);
        this.stop = stop;
        this.dump = new VirtualThreadDump();
    }

    @Override
    public String kind() {
        return threads.reachesVirtual() ? "threads (platform and virtual)" : "platform threads and the JDK's thread dump";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> done = new ArrayList<>();
        Set<Object> stopped = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ThreadTie tie : ties(loader)) {
            boolean ended = false;
            if (stop && tie.modules()) {
                ended = stop(tie, loader, done, stopped);
            } else if (stop && tie.behind() instanceof BehindThread.Pool pool && stopped.add(pool.executor())) {
                pool.ownTasks().forEach(pool.executor()::remove);
                done.add("removed " + pool.ownTasks().size() + " queued task(s) of it from the host's "
                        + pool.executor().getClass().getSimpleName() + " behind " + ThreadTie.name(tie.thread()));
            }
            if (tie.contextLoader()) {
                tie.thread().setContextClassLoader(loader.hostLoader());
                if (!ended) {
                    done.add("reset the context class loader of " + ThreadTie.name(tie.thread()) + " ("
                            + ThreadTie.kindOf(tie.thread()) + ")" + (tie.behind() == null ? "" : ", " + tie.behind().what()));
                }
                if (tie.behind() == null && (BehindThread.isTimerThread(tie.thread()) || isPoolWorker(tie))) {
                    unseen.put(tie.thread(), loader.serial());
                }
            }
        }
        return done;
    }

    /** Stops what {@code tie}'s thread is, once per pool or timer; returns whether it was stopped. */
    private boolean stop(ThreadTie tie, ModuleClassLoader loader, List<String> done, Set<Object> stopped) {
        Thread thread = tie.thread();
        switch (tie.behind()) {
            case BehindThread.Pool pool when pool.modules() -> {
                if (stopped.add(pool.executor())) {
                    pool.executor().shutdownNow();
                    done.add("shut down the " + pool.executor().getClass().getSimpleName() + " behind " + ThreadTie.name(thread));
                }
            }
            case BehindThread.ForkJoin pool when pool.modules() -> {
                if (stopped.add(pool.pool())) {
                    pool.pool().shutdownNow();
                    done.add("shut down the ForkJoinPool behind " + ThreadTie.name(thread));
                }
            }
            case BehindThread.TimerQueue timer when timer.modules() -> {
                if (stopped.add(timer.queue())) {
                    TimerThreads.cancel(thread, timer.queue());
                    done.add("cancelled java.util.Timer '" + thread.getName() + "'");
                }
            }
            case null, default -> {
                // a host thread that only passes through the module's code (a kept object's method) is not the module's
                // to stop: it is named instead
                boolean modulesThread = tie.contextLoader() || tie.moduleFrames().isEmpty();
                if (!tie.runsItsCode() || !modulesThread) {
                    return false;
                }
                thread.interrupt();
                interrupted.put(thread, loader.serial());
                done.add("interrupted " + ThreadTie.name(thread) + " (" + ThreadTie.kindOf(thread) + ")");
            }
        }
        return true;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> found = new ArrayList<>();
        Set<Thread> named = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ThreadTie tie : ties(loader)) {
            named.add(tie.thread());
            found.add(tie.describe() + notes(tie, loader));
        }
        for (Thread thread : threads.all()) {
            if (!named.contains(thread) && Long.valueOf(loader.serial()).equals(unseen.get(thread))) {
                ThreadTie tie = new ThreadTie(thread, false, false, List.of(), ThreadTie.topFrame(thread.getStackTrace()), null);
                found.add(tie.describe() + ", " + unseenWhat(thread) + " that had it as context class loader; its tasks"
                        + " could not be looked at: start the JVM with " + String.join(" ", optionsToStop(thread)) + " to stop it");
            }
        }
        if (!threads.reachesVirtual()) {
            found.addAll(dump.running(loader));
        }
        return found;
    }

    private String notes(ThreadTie tie, ModuleClassLoader loader) {
        StringBuilder s = new StringBuilder();
        if (Long.valueOf(loader.serial()).equals(interrupted.get(tie.thread()))) {
            s.append(", interrupted at retirement and still running: it ignores interrupts");
        } else if (!stop && tie.modules()) {
            s.append(", not stopped: stopLeftoverThreads is off");
        } else if (tie.behind() == null && BehindThread.isTimerThread(tie.thread())) {
            s.append(", its tasks could not be looked at: start the JVM with ")
                    .append(String.join(" ", optionsToStop(tie.thread()))).append(" to cancel it");
        }
        if (tie.contextLoader()) {
            s.append(", has it as context class loader");
        }
        return s.toString();
    }

    /** The missing options that would let {@code thread}'s timer or pool be looked at and stopped. */
    private List<String> optionsToStop(Thread thread) {
        return access.missingOptions(BehindThread.isTimerThread(thread) ? List.of("java.util") : List.of("java.lang", "java.util.concurrent"));
    }

    private static String unseenWhat(Thread thread) {
        return BehindThread.isTimerThread(thread) ? "a java.util.Timer thread (it ignores interrupts)" : "a thread pool's worker";
    }

    private static boolean isPoolWorker(ThreadTie tie) {
        for (StackTraceElement frame : tie.thread().getStackTrace()) {
            if (frame.getClassName().equals(ThreadPoolExecutor.class.getName()) && frame.getMethodName().equals("runWorker")) {
                return true;
            }
        }
        return false;
    }

    /** The live threads tied to {@code loader}, platform ones first. */
    List<ThreadTie> ties(ModuleClassLoader loader) {
        List<Thread> all = threads.all();
        Map<Thread, Object> tasks = new IdentityHashMap<>();
        Map<ThreadPoolExecutor, Boolean> everyWorkerHasIt = new IdentityHashMap<>();
        for (Thread thread : all) {
            Object task = taskOf(access, thread);
            tasks.put(thread, task);
            if (task != null && task.getClass().getName().equals(POOL_WORKER) && access.opens("java.util.concurrent")) {
                ThreadPoolExecutor executor = (ThreadPoolExecutor) JdkFields.get(JdkFields.field(task.getClass(), "this$0"), task);
                everyWorkerHasIt.merge(executor, thread.getContextClassLoader() == loader, Boolean::logicalAnd);
            }
        }
        List<ThreadTie> ties = new ArrayList<>();
        for (Thread thread : all) {
            StackTraceElement[] stack = thread.getStackTrace();
            List<StackTraceElement> frames = ThreadTie.moduleFrames(stack, loader);
            Object task = tasks.get(thread);
            boolean runsItsCode = !frames.isEmpty() || BehindThread.definedBy(thread, loader) || BehindThread.definedBy(task, loader);
            BehindThread behind = BehindThread.of(thread, loader, access, task,
                    executor -> everyWorkerHasIt.getOrDefault(executor, false), runsItsCode);
            ThreadTie tie = new ThreadTie(thread, thread.getContextClassLoader() == loader, runsItsCode, frames,
                    ThreadTie.topFrame(stack), behind);
            if (tie.any() && thread.isAlive()) {
                ties.add(tie);
            }
        }
        return ties;
    }

    /** The {@code Runnable} a platform thread was started with (needs {@code java.lang} open); else null. */
    static Object taskOf(JdkAccess access, Thread thread) {
        if (!access.opens("java.lang") || thread.isVirtual()) {
            return null;
        }
        Object holder = JdkFields.get(HOLDER, thread);
        return holder == null ? null : JdkFields.get(JdkFields.field(holder.getClass(), "task"), holder);
    }

    private static Field holderField() {
        try {
            return JdkFields.field(Thread.class, "holder");
        } catch (IllegalStateException closed) {
            return null; // java.lang is not open: taskOf never reads it
        }
    }
}
