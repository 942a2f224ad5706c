package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * ThreadLocal values a retired version's code left on threads that outlive it: a host pool's thread that ran one
 * of its tasks, a platform library's thread. The thread's map holds the value strongly for as long as the thread
 * lives, and with it the value's class and loader; the key (the ThreadLocal) is held weakly, but a module's
 * ThreadLocal sits in a static field of its own class, which the value keeps alive: neither ever goes.
 *
 * <p>An entry whose ThreadLocal or value is of the retired loader (its class, or the value is one of its classes or
 * the loader itself) is cleared as the JVM clears an entry whose ThreadLocal was collected: its key reference is
 * cleared, so the map no longer finds it and expunges it when the thread next uses its map, and its value is
 * dropped at once. Tomcat only logs such entries and renews its own pool's threads; here the thread is not ours
 * to renew. The owner thread may be using its map meanwhile: the map is built for keys that vanish under it (the
 * GC clears them at any moment); a value is dropped only if it is still the retired version's when the entry's key
 * has been cleared, so a value the owner set meanwhile stays (the owner then finds its ThreadLocal unset, as
 * after a collection). Between that check and the write a new value could still be lost: a window of two field
 * accesses, for an entry that already held a retired version's object. Reading other threads' maps needs {@code java.lang} open; without it they are not looked at.
 */
final class ThreadLocals implements Remedy {

    private final JdkAccess access;
    private final LiveThreads threads;

    ThreadLocals(JdkAccess access) {
        this.access = access;
        this.threads = new LiveThreads(access);
    }

    @Override
    public String kind() {
        return access.opens("java.lang") ? "ThreadLocals of live threads"
                : "ThreadLocals of live threads (not looked at: java.lang is not open)";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> cleared = new ArrayList<>();
        for (Found found : find(loader)) {
            found.entry.clear();
            // the owner may have set a new value since it was read (a host ThreadLocal): that one stays
            if (JdkFields.get(Fields.VALUE, found.entry) == found.value) {
                JdkFields.set(Fields.VALUE, found.entry, null);
            }
            cleared.add("cleared " + found.describe());
        }
        return cleared;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> held = new ArrayList<>();
        for (Found found : find(loader)) {
            held.add(found.describe() + " holds it");
        }
        return held;
    }

    /** An entry of a thread's map that holds the loader. */
    private record Found(Thread thread, String map, Reference<?> entry, Object key, Object value) {
        String describe() {
            String local = key == null ? "a ThreadLocal" : "ThreadLocal " + key.getClass().getName();
            String of = value == null ? "" : " of a " + (value instanceof Class<?> c ? "class " + c.getName() : value.getClass().getName());
            return map + " " + local + of + " on " + ThreadTie.name(thread) + " (" + ThreadTie.kindOf(thread) + ")";
        }
    }

    private List<Found> find(ModuleClassLoader loader) {
        List<Found> found = new ArrayList<>();
        if (!access.opens("java.lang")) {
            return found;
        }
        for (Thread thread : threads.all()) {
            look(thread, JdkFields.get(Fields.THREAD_LOCALS, thread), "value of", loader, found);
            look(thread, JdkFields.get(Fields.INHERITABLE, thread), "inherited value of", loader, found);
        }
        return found;
    }

    private static void look(Thread thread, Object map, String kind, ModuleClassLoader loader, List<Found> found) {
        if (map == null) {
            return;
        }
        Object[] table = (Object[]) JdkFields.get(Fields.TABLE, map);
        if (table == null) {
            return;
        }
        for (Object slot : table) {
            if (slot instanceof Reference<?> entry) {
                Object key = entry.get();
                Object value = JdkFields.get(Fields.VALUE, entry);
                if (key != null && StaticHolders.owned(key, loader) || value != null && StaticHolders.owned(value, loader)) {
                    found.add(new Found(thread, kind, entry, key, value));
                }
            }
        }
    }

    /** The JDK's fields, looked up once, only when {@code java.lang} is open. */
    private static final class Fields {
        static final Field THREAD_LOCALS = JdkFields.field(Thread.class, "threadLocals");
        static final Field INHERITABLE = JdkFields.field(Thread.class, "inheritableThreadLocals");
        static final Field TABLE = JdkFields.field(JdkFields.type("java.lang.ThreadLocal$ThreadLocalMap"), "table");
        static final Field VALUE = JdkFields.field(JdkFields.type("java.lang.ThreadLocal$ThreadLocalMap$Entry"), "value");
    }
}
