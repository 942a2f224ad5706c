package io.modulets.runtime.leak;

import java.lang.reflect.Method;

/**
 * Tells whether a class has been initialized, without initializing it: reading a static field reflectively would
 * run a class's static initializer (with whatever it does: start threads, register drivers) or wait for another
 * thread that is initializing it, neither of which a leak diagnosis may do. Only the JDK's internal
 * {@code jdk.internal.misc.Unsafe.shouldBeInitialized} knows, so this needs {@code jdk.internal.misc} opened; without
 * it, no class counts as initialized and static fields are not read.
 */
final class ClassInitialization {

    private final Object unsafe;
    private final Method shouldBeInitialized;

    private ClassInitialization(Object unsafe, Method shouldBeInitialized) {
        this.unsafe = unsafe;
        this.shouldBeInitialized = shouldBeInitialized;
    }

    /** The check if {@code access} opens {@code jdk.internal.misc}; else one that knows nothing. */
    static ClassInitialization of(JdkAccess access) {
        if (!access.opens("jdk.internal.misc")) {
            return new ClassInitialization(null, null);
        }
        try {
            Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = type.getMethod("getUnsafe").invoke(null);
            Method check = type.getMethod("shouldBeInitialized", Class.class);
            return new ClassInitialization(unsafe, check);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new ClassInitialization(null, null);
        }
    }

    /** Whether classes' states can be told at all. */
    boolean available() {
        return unsafe != null;
    }

    /** Whether {@code type} is known to be initialized; false when it is not, or when that cannot be told. */
    boolean initialized(Class<?> type) {
        if (unsafe == null) {
            return false;
        }
        try {
            return !(Boolean) shouldBeInitialized.invoke(unsafe, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
