package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.List;

/**
 * The JVM's default uncaught-exception handler, when a retiring loader defined its class: {@code Thread} holds it
 * in a static field for good. It is set back to none. (A {@code ThreadGroup} subclass of a module, the other place
 * an uncaught exception goes, is held only by its live threads and by its parent group weakly: nothing to undo
 * beyond those threads.)
 */
final class DefaultExceptionHandler implements Remedy {

    @Override
    public String kind() {
        return "the default uncaught-exception handler";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        if (!Origin.definedBy(handler, loader)) {
            return List.of();
        }
        Thread.setDefaultUncaughtExceptionHandler(null);
        return List.of("reset the default uncaught-exception handler " + handler.getClass().getName() + " to none");
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        return Origin.definedBy(handler, loader)
                ? List.of("the default uncaught-exception handler is " + handler.getClass().getName())
                : List.of();
    }
}
