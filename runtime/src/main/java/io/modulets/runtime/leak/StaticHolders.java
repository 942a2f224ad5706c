package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Names static fields that hold a retired loader (it undoes nothing: another module's state is not the runtime's
 * to clear). Two kinds:
 * <ul>
 *   <li>a static field of a class of another, live module loader (a library module a newer namespace still
 *       uses, say) whose value is an object of the retired loader, or a collection, map or array holding one
 *       directly: a registry or cache of that library keeps its old user;</li>
 *   <li>a static {@link ClassValue} of the retired module's own classes: what it computed for a class outside the
 *       module (a JDK or platform class) stays in that class's value map, out of the heap dump's sight, until
 *       {@code ClassValue.remove} is called for that class.</li>
 * </ul>
 * It looks one level deep (a field's value, or the elements of the collection it is), and at most
 * {@link #ELEMENTS} elements of each.
 */
final class StaticHolders implements Remedy {

    static final int ELEMENTS = 10_000;

    private final Supplier<? extends Collection<ModuleClassLoader>> liveLoaders;
    private final ClassInitialization initialization;

    /**
     * @param liveLoaders the loaders of the live namespaces, asked each time
     * @param initialization tells which classes' static fields can be read without initializing them
     */
    StaticHolders(Supplier<? extends Collection<ModuleClassLoader>> liveLoaders, ClassInitialization initialization) {
        this.liveLoaders = liveLoaders;
        this.initialization = initialization;
    }

    @Override
    public String kind() {
        return initialization.available() ? "static fields of live modules"
                : "static fields of live modules (not looked at: jdk.internal.misc is not open)";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        return List.of();
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> found = new ArrayList<>();
        if (!initialization.available()) {
            return found; // JdkAccess's start line says which option turns this on
        }
        for (ModuleClassLoader live : liveLoaders.get()) {
            if (live == loader) {
                continue;
            }
            for (Class<?> type : live.definedClasses()) {
                for (Field field : staticReferenceFields(type)) {
                    Object value = read(field);
                    String held = heldOf(value, loader);
                    if (held != null) {
                        found.add("static field " + type.getName() + "." + field.getName() + " of module " + live.module()
                                + " (still live) holds " + held);
                    }
                }
            }
        }
        for (Class<?> type : loader.definedClasses()) {
            for (Field field : staticReferenceFields(type)) {
                if (ClassValue.class.isAssignableFrom(field.getType()) || read(field) instanceof ClassValue<?>) {
                    found.add("static ClassValue " + type.getName() + "." + field.getName() + ": what it computed for"
                            + " classes outside the module (the JDK's, the platform layer's) keeps this loader until"
                            + " ClassValue.remove is called for each of them");
                }
            }
        }
        return found;
    }

    /** The static fields of reference type of {@code type}, if it is initialized (else none: reading would initialize it). */
    private List<Field> staticReferenceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        if (!initialization.initialized(type)) {
            return fields;
        }
        Field[] declared;
        try {
            declared = type.getDeclaredFields();
        } catch (LinkageError e) {
            return fields; // a class whose field types cannot be resolved: nothing to read
        }
        for (Field field : declared) {
            if (Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** The field's value, or null if it cannot be read (or its class is not initialised: it holds nothing yet). */
    private static Object read(Field field) {
        try {
            if (!field.trySetAccessible()) {
                return null;
            }
            return field.get(null);
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** What of {@code loader} {@code value} holds directly, as a phrase; null if nothing. */
    private static String heldOf(Object value, ModuleClassLoader loader) {
        if (value == null) {
            return null;
        }
        if (owned(value, loader)) {
            return describe(value);
        }
        if (value instanceof Map<?, ?> map) {
            return firstOwned(map.entrySet().iterator(), loader, "an entry of its map: ");
        }
        if (value instanceof Collection<?> collection) {
            return firstOwned(collection.iterator(), loader, "an element of its collection: ");
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            int n = Math.min(Array.getLength(value), ELEMENTS);
            for (int i = 0; i < n; i++) {
                Object element = Array.get(value, i);
                if (element != null && owned(element, loader)) {
                    return "element [" + i + "] of its array: " + describe(element);
                }
            }
        }
        return null;
    }

    private static String firstOwned(Iterator<?> elements, ModuleClassLoader loader, String where) {
        try {
            for (int i = 0; i < ELEMENTS && elements.hasNext(); i++) {
                Object element = elements.next();
                if (element instanceof Map.Entry<?, ?> entry) {
                    if (entry.getKey() != null && owned(entry.getKey(), loader)) {
                        return where + "key " + describe(entry.getKey());
                    }
                    if (entry.getValue() != null && owned(entry.getValue(), loader)) {
                        return where + "value " + describe(entry.getValue());
                    }
                } else if (element != null && owned(element, loader)) {
                    return where + describe(element);
                }
            }
        } catch (RuntimeException concurrentOrBroken) {
            // a collection changed under us, or one of the module's own that throws: what was seen is the answer
        }
        return null;
    }

    /** Whether {@code value} (not null) is the loader, one of its classes, or an object of one of its classes. */
    static boolean owned(Object value, ModuleClassLoader loader) {
        return value == loader || BehindThread.definedBy(value, loader);
    }

    private static String describe(Object value) {
        if (value instanceof Class<?> c) {
            return "its class " + c.getName();
        }
        if (value instanceof ClassLoader) {
            return "the loader itself";
        }
        return "a " + value.getClass().getName();
    }
}
