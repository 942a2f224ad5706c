package io.modulets.runtime.leak;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;

/**
 * Reads private fields and calls non-public methods of {@code java.base} classes, for the remedies that need a
 * package opened ({@link JdkAccess}). Each caller checks {@link JdkAccess#opens} first; a field or method that
 * this JDK does not have, or that is not accessible after all, is an {@link IllegalStateException} naming it,
 * which {@link Remedies} logs as that remedy's failure.
 */
final class JdkFields {

    private JdkFields() {
    }

    /** The JDK class {@code name}, or an {@link IllegalStateException} if this JDK has none. */
    static Class<?> type(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JDK has no class " + name, e);
        }
    }

    /** Field {@code name} declared by {@code owner}, made accessible. */
    static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | InaccessibleObjectException e) {
            throw new IllegalStateException("cannot read " + owner.getName() + "." + name + ": " + e.getMessage(), e);
        }
    }

    /** Method {@code name} declared by {@code owner}, made accessible. */
    static Method method(Class<?> owner, String name, Class<?>... parameters) {
        try {
            Method method = owner.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException | InaccessibleObjectException e) {
            throw new IllegalStateException("cannot call " + owner.getName() + "." + name + ": " + e.getMessage(), e);
        }
    }

    /** The value of {@code field} in {@code target} (null for a static field). */
    static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
        }
    }

    /** Sets {@code field} of {@code target} to {@code value}. */
    static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write " + field + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code method} on {@code target}; a failure inside it is rethrown unchecked. */
    static Object call(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(method + " failed: " + e.getCause(), e.getCause());
        }
    }
}
