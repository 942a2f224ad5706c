package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * What ties one live thread to a retired loader: it has the loader as context class loader, its class or its
 * task is the loader's, some frame of its stack runs the loader's code, or it works for a pool or timer with the
 * loader's tasks in it ({@link BehindThread}).
 *
 * @param contextLoader whether the thread's context class loader is the loader
 * @param runsItsCode whether the thread's class or task is the loader's, or a frame of its stack is
 * @param moduleFrames the frames of the loader's code, topmost first
 * @param topFrame the topmost frame of the stack that is not a JDK wait or park, or null
 * @param behind what the thread works for, or null
 */
record ThreadTie(Thread thread, boolean contextLoader, boolean runsItsCode, List<StackTraceElement> moduleFrames,
        StackTraceElement topFrame, BehindThread behind) {

    /** How many frames of the module's code a phrase names. */
    static final int FRAMES = 3;

    /** Whether the thread runs the loader's code, or works for a pool or timer of it: stopping it is the module's. */
    boolean modules() {
        return runsItsCode || behind != null && behind.modules();
    }

    /** Whether anything ties the thread to the loader. */
    boolean any() {
        return contextLoader || modules() || behind instanceof BehindThread.Pool pool && !pool.ownTasks().isEmpty();
    }

    /** The frames of {@code stack} whose class the loader defined ({@code loader.defines}, by the loader's name first). */
    static List<StackTraceElement> moduleFrames(StackTraceElement[] stack, ModuleClassLoader loader) {
        List<StackTraceElement> own = new ArrayList<>();
        for (StackTraceElement frame : stack) {
            if (loader.getName().equals(frame.getClassLoaderName()) && loader.defines(frame.getClassName())) {
                own.add(frame);
            }
        }
        return own;
    }

    /**
     * The topmost frame of {@code stack} that says where the thread is, past the JDK's waiting and parking
     * ({@code Object.wait0}, {@code LockSupport.park}, ...); null if none.
     */
    static StackTraceElement topFrame(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String c = frame.getClassName();
            if (!c.equals("java.lang.Object") && !c.startsWith("jdk.internal.") && !c.equals("java.lang.Thread")
                    && !c.equals("java.lang.VirtualThread") && !c.equals("java.util.concurrent.locks.LockSupport")) {
                return frame;
            }
        }
        return stack.length == 0 ? null : stack[0];
    }

    /** {@code frame} as {@code com.acme.Poller.run(Poller.java:12)}. */
    static String frame(StackTraceElement frame) {
        String where = frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }

    /** {@code thread 'poller' (platform, TIMED_WAITING) at com.acme.Poller.run(Poller.java:12) <- ...}. */
    String describe() {
        StringBuilder s = new StringBuilder(name(thread)).append(" (").append(kindOf(thread)).append(", ")
                .append(thread.getState()).append(")");
        if (!moduleFrames.isEmpty()) {
            s.append(" at ").append(String.join(" <- ", moduleFrames.stream().limit(FRAMES).map(ThreadTie::frame).toList()));
        } else if (topFrame != null) {
            s.append(" in ").append(frame(topFrame));
        }
        if (behind != null) {
            s.append(", ").append(behind.what());
        }
        return s.toString();
    }

    /** {@code thread 'poller'}. */
    static String name(Thread thread) {
        return "thread '" + thread.getName() + "'";
    }

    /** {@code platform} or {@code virtual}. */
    static String kindOf(Thread thread) {
        return thread.isVirtual() ? "virtual" : "platform";
    }
}
