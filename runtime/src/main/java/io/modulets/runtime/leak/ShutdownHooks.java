package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shutdown hooks a retired version's code registered ({@code Runtime.addShutdownHook}): the JDK keeps each hook
 * thread, unstarted, in {@code java.lang.ApplicationShutdownHooks.hooks} until the JVM exits, and with it the
 * thread's class, context class loader and task. A hook whose class, context loader or task is the loader's is
 * removed ({@code Runtime.removeShutdownHook}); its code then never runs, which is what a retired version is owed.
 * Guava's {@code MoreExecutors.getExitingExecutorService} registers one such hook per executor. Reading the hooks
 * needs {@code java.lang} open; without it they are not looked at, and the cause says so.
 */
final class ShutdownHooks implements Remedy {

    private final JdkAccess access;

    ShutdownHooks(JdkAccess access) {
        this.access = access;
    }

    @Override
    public String kind() {
        return access.opens("java.lang") ? "shutdown hooks" : "shutdown hooks (not looked at: java.lang is not open)";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> removed = new ArrayList<>();
        for (Thread hook : hooksOf(loader)) {
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                removed.add("removed shutdown hook " + ThreadTie.name(hook));
            }
        }
        return removed;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> held = new ArrayList<>();
        for (Thread hook : hooksOf(loader)) {
            held.add("shutdown hook " + ThreadTie.name(hook) + " of class " + hook.getClass().getName());
        }
        return held;
    }

    /** The registered hooks tied to {@code loader}; none if they cannot be read or the JVM is shutting down. */
    private List<Thread> hooksOf(ModuleClassLoader loader) {
        if (!access.opens("java.lang")) {
            return List.of();
        }
        Class<?> hooks = JdkFields.type("java.lang.ApplicationShutdownHooks");
        Field field = JdkFields.field(hooks, "hooks");
        List<Thread> tied = new ArrayList<>();
        synchronized (hooks) { // the JDK's add and remove hold the class's monitor
            Map<?, ?> registered = (Map<?, ?>) JdkFields.get(field, null);
            if (registered == null) {
                return List.of();
            }
            for (Object key : registered.keySet()) {
                Thread hook = (Thread) key;
                if (BehindThread.definedBy(hook, loader) || BehindThread.definedBy(LeftoverThreads.taskOf(access, hook), loader)) {
                    tied.add(hook);
                } else if (hook.getContextClassLoader() == loader) {
                    hook.setContextClassLoader(loader.hostLoader()); // a host's hook made on a job's thread: kept, freed of it
                }
            }
        }
        return tied;
    }
}
