package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;

/** How a remedy's phrase names where a class of a retired loader comes from. */
final class Origin {

    private Origin() {
    }

    /**
     * Whether {@code loader} defined the class of {@code object} (a lambda's or a proxy's class counts as defined by
     * the loader of the code that made it); false for null.
     */
    static boolean definedBy(Object object, ModuleClassLoader loader) {
        return object != null && object.getClass().getClassLoader() == loader;
    }

    /**
     * Where {@code type}, defined by {@code loader}, comes from: the title and version of its jar's manifest when it
     * has them, as a library bundled under {@code lib/} usually does ({@code "H2 Database Engine 2.3.232"}), else
     * the module ({@code "module db 1"}).
     */
    static String of(Class<?> type, ModuleClassLoader loader) {
        Package pkg = type.getPackage();
        String title = pkg == null ? null : pkg.getImplementationTitle();
        if (title != null) {
            String version = pkg.getImplementationVersion();
            return version == null ? title : title + " " + version;
        }
        return "module " + loader.module();
    }

    /** {@code type}'s name and where it comes from: {@code "org.h2.Driver (H2 Database Engine 2.3.232)"}. */
    static String named(Class<?> type, ModuleClassLoader loader) {
        return type.getName() + " (" + of(type, loader) + ")";
    }
}
