package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Entries of {@code System.getProperties()} whose key or value is an object of a class a retiring loader defined
 * (put there with {@code Properties.put}; a string cannot pin a loader): {@code System.props} holds them for good.
 * They are removed.
 */
final class SystemProperties implements Remedy {

    @Override
    public String kind() {
        return "system properties";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        Properties props = System.getProperties();
        List<String> undone = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : heldBy(loader)) {
            if (props.remove(entry.getKey(), entry.getValue())) {
                undone.add("removed system property " + describe(entry));
            }
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : heldBy(loader)) {
            holders.add("system property " + describe(entry));
        }
        return holders;
    }

    private static List<Map.Entry<Object, Object>> heldBy(ModuleClassLoader loader) {
        List<Map.Entry<Object, Object>> mine = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : System.getProperties().entrySet().toArray(Map.Entry[]::new)) {
            if (Origin.definedBy(entry.getKey(), loader) || Origin.definedBy(entry.getValue(), loader)) {
                mine.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        return mine;
    }

    private static String describe(Map.Entry<Object, Object> entry) {
        Object key = entry.getKey();
        return (key instanceof String name ? "'" + name + "'" : "with a key") + " (key of class " + entry.getKey().getClass().getName() + ", value of class "
                + entry.getValue().getClass().getName() + ")";
    }
}
