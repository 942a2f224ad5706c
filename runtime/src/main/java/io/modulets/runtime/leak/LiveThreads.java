package io.modulets.runtime.leak;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The live threads of this JVM that the remedies can reach: every platform thread, and, when
 * {@code jdk.internal.vm} is open, every virtual thread the JDK tracks. Virtual threads are not in
 * {@link Thread#getAllStackTraces()}; the JDK keeps them in a tree of thread containers: the root holds those
 * started with the {@code Thread} API, and each executor or scope that starts them (such as a module's own
 * {@code Executors.newVirtualThreadPerTaskExecutor()}) is a child container, so the whole tree is walked.
 */
final class LiveThreads {

    private final JdkAccess access;

    LiveThreads(JdkAccess access) {
        this.access = access;
    }

    /** Whether virtual threads can be reached at all (else only the JDK's thread dump sees them). */
    boolean reachesVirtual() {
        return access.opens("jdk.internal.vm");
    }

    /** Every live thread reachable, platform ones first; never the calling thread. */
    List<Thread> all() {
        Set<Thread> found = Collections.newSetFromMap(new IdentityHashMap<>());
        found.addAll(Thread.getAllStackTraces().keySet());
        if (reachesVirtual()) {
            found.addAll(virtual());
        }
        found.remove(Thread.currentThread());
        return found.stream().filter(Thread::isAlive)
                .sorted((a, b) -> Boolean.compare(a.isVirtual(), b.isVirtual())).toList();
    }

    /** The threads of every container of the JDK's tree, from the root down. */
    private static List<Thread> virtual() {
        Class<?> containers = JdkFields.type("jdk.internal.vm.ThreadContainers");
        Class<?> container = JdkFields.type("jdk.internal.vm.ThreadContainer");
        Method root = JdkFields.method(containers, "root");
        Method threads = JdkFields.method(container, "threads");
        Method children = JdkFields.method(container, "children");
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object> toVisit = new ArrayDeque<>();
        toVisit.add(JdkFields.call(root, null));
        Set<Thread> found = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!toVisit.isEmpty()) {
            Object next = toVisit.poll();
            if (!seen.add(next)) {
                continue;
            }
            try (Stream<?> ofNext = (Stream<?>) JdkFields.call(threads, next)) {
                ofNext.forEach(t -> found.add((Thread) t));
            }
            try (Stream<?> below = (Stream<?>) JdkFields.call(children, next)) {
                below.forEach(toVisit::add);
            }
        }
        return found.stream().filter(Thread::isVirtual).toList();
    }
}
