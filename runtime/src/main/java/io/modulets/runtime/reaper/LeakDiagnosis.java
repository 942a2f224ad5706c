package io.modulets.runtime.reaper;

import java.util.ArrayList;
import java.util.List;

/**
 * Names what the runtime can find holding a retired loader: platform threads whose context loader is it, or
 * whose class it defined. Virtual threads cannot be enumerated by the JDK, and references from the heap are
 * not visible without a heap dump, so when nothing is found the answer says where else to look.
 */
final class LeakDiagnosis {

    private LeakDiagnosis() {
    }

    static String of(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getContextClassLoader() == loader) {
                found.add("thread '" + thread.getName() + "' has it as context class loader");
            } else if (thread.getClass().getClassLoader() == loader) {
                found.add("thread '" + thread.getName() + "' is an instance of its class " + thread.getClass().getName());
            }
        }
        if (!found.isEmpty()) {
            return String.join("; ", found);
        }
        return "no platform thread holds it; something still references one of its classes or objects: a job result"
                + " kept by a caller, a ThreadLocal on a shared thread, a static cache or registry in a platform class,"
                + " or a virtual thread the module started itself (take a heap dump and look for paths to it; if the dump"
                + " shows none, the holder is a root the dump leaves out, such as a carrier thread's VM result slot)";
    }
}
