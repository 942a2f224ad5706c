package io.modulets.runtime.reaper;

import java.util.ArrayList;
import java.util.List;

/**
 * Names what the runtime can find holding a retired loader: platform threads whose context loader is it, or
 * whose class it defined: the fallback when no remedy names a holder.
 */
final class LeakDiagnosis {

    private LeakDiagnosis() {
    }

    static List<String> of(ClassLoader loader) {
        List<String> found = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getContextClassLoader() == loader) {
                found.add("thread '" + thread.getName() + "' has it as context class loader");
            } else if (thread.getClass().getClassLoader() == loader) {
                found.add("thread '" + thread.getName() + "' is an instance of its class " + thread.getClass().getName());
            }
        }
        return found;
    }
}
