package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Hooks that module code can install in Mutiny's {@link Infrastructure} (in the platform layer, so its statics
 * outlive every module): the dropped-exception handler, the can-the-caller-block supplier, the operator logger, the
 * {@code CompletableFuture} wrapper, the default executor (set by {@code setDefaultExecutor}; with it the worker pool
 * wrapping it), and the Uni and Multi interceptors and callback decorators ({@code Infrastructure.reload()} on a
 * job's thread finds the module's own through its context loader). A hook is the loader's when the loader defined
 * its class (a lambda's class is defined by the loader of the code that wrote it), or, for an executor, its thread
 * factory's. Each such hook is reset to Mutiny's default (the executor to a new default one, its threads the
 * host's); interceptors and decorators of the loader are taken out, the others stay. Mutiny has no getter for most
 * hooks, so they are read from its fields, which the runtime may open since Mutiny is in its own unnamed module.
 */
final class MutinyHooks implements Remedy {

    /** One single-valued hook: its field, what it is called, and how it is reset. */
    private record Hook(String field, String what, Runnable reset) {
    }

    private static final List<Hook> HOOKS = List.of(
            new Hook("droppedExceptionHandler", "dropped-exception handler", Infrastructure::resetDroppedExceptionHandler),
            new Hook("canCallerThreadBeBlockedSupplier", "can-caller-thread-be-blocked supplier",
                    Infrastructure::resetCanCallerThreadBeBlockedSupplier),
            new Hook("operatorLogger", "operator logger", Infrastructure::resetOperatorLogger),
            new Hook("completableFutureWrapper", "CompletableFuture wrapper", () -> Infrastructure.setCompletableFutureWrapper(null)),
            new Hook("DEFAULT_EXECUTOR", "default executor", MutinyHooks::resetDefaultExecutor));

    /** The array-valued hooks: field and what one element is called. */
    private static final List<String[]> LISTS = List.of(
            new String[] {"UNI_INTERCEPTORS", "Uni interceptor"},
            new String[] {"MULTI_INTERCEPTORS", "Multi interceptor"},
            new String[] {"CALLBACK_DECORATORS", "callback decorator"});

    @Override
    public String kind() {
        return "Mutiny hooks";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> undone = new ArrayList<>();
        for (Hook hook : HOOKS) {
            Object value = read(hook.field());
            if (owns(value, loader)) {
                hook.reset().run();
                undone.add("reset Mutiny's " + hook.what() + " " + value.getClass().getName() + " to Mutiny's default");
            }
        }
        for (String[] list : LISTS) {
            Object[] elements = (Object[]) read(list[0]);
            List<Object> kept = new ArrayList<>();
            for (Object element : elements) {
                if (owns(element, loader)) {
                    undone.add("removed Mutiny " + list[1] + " " + element.getClass().getName());
                } else {
                    kept.add(element);
                }
            }
            if (kept.size() < elements.length) {
                write(list[0], kept.toArray((Object[]) Array.newInstance(elements.getClass().getComponentType(), 0)));
            }
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (Hook hook : HOOKS) {
            Object value = read(hook.field());
            if (owns(value, loader)) {
                holders.add("Mutiny's " + hook.what() + " is " + value.getClass().getName());
            }
        }
        for (String[] list : LISTS) {
            for (Object element : (Object[]) read(list[0])) {
                if (owns(element, loader)) {
                    holders.add("Mutiny " + list[1] + " " + element.getClass().getName() + " is installed");
                }
            }
        }
        return holders;
    }

    private static boolean owns(Object hook, ModuleClassLoader loader) {
        return Origin.definedBy(hook, loader)
                || hook instanceof ThreadPoolExecutor pool && Origin.definedBy(pool.getThreadFactory(), loader);
    }

    /** A new default executor and worker pool, as Mutiny makes them, with the host's threads (the old ones shut down). */
    private static void resetDefaultExecutor() {
        Infrastructure.setDefaultExecutor();
        MutinyPools.useHostThreads(Infrastructure.class.getClassLoader());
    }

    private static Object read(String name) {
        try {
            return field(name).get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read Mutiny's Infrastructure." + name + ": " + e, e);
        }
    }

    private static void write(String name, Object value) {
        try {
            field(name).set(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write Mutiny's Infrastructure." + name + ": " + e, e);
        }
    }

    private static Field field(String name) {
        try {
            Field field = Infrastructure.class.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Mutiny's Infrastructure has no field " + name + " (another Mutiny version?)", e);
        }
    }
}
