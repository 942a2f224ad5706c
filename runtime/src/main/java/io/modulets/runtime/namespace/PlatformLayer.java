package io.modulets.runtime.namespace;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parent of every module loader: it shows module code the platform layer and nothing else (rule 6).
 *
 * <p>The platform layer is the JDK (every package of the boot layer's modules), {@code io.modulets.api},
 * {@code io.modulets.supervisor}, Mutiny, JBoss Logging and the configured shared packages. Those classes are
 * loaded by the host loader (the loader of {@code io.modulets.api.Job}, which inside Quarkus is Quarkus'
 * own), so they are the same classes for the host and for every namespace. Any other name (runtime
 * internals, Caffeine, Quarkus, the host application) is a {@link ClassNotFoundException}, as are resources
 * outside platform packages.
 *
 * <p>Parallel-capable and stateless after construction.
 */
public final class PlatformLayer extends ClassLoader {

    /** Packages (and their sub-packages) that are always part of the platform layer. */
    public static final List<String> BUILT_IN_PACKAGES =
            List.of("io.modulets.api", "io.modulets.supervisor", "io.smallrye.mutiny", "org.jboss.logging");

    static {
        if (!ClassLoader.registerAsParallelCapable()) {
            throw new IllegalStateException("PlatformLayer could not register as parallel-capable");
        }
    }

    private final ClassLoader host;
    private final Set<String> jdkPackages;
    private final List<String> prefixes;

    /**
     * @param host the loader that holds the platform classes, normally {@code Job.class.getClassLoader()}
     * @param sharedPackages extra packages (with their sub-packages) to share with module code
     */
    public PlatformLayer(ClassLoader host, List<String> sharedPackages) {
        super("modulets-platform", null);
        this.host = host;
        this.jdkPackages = jdkPackages();
        List<String> all = new ArrayList<>(BUILT_IN_PACKAGES);
        all.addAll(sharedPackages);
        this.prefixes = List.copyOf(all);
    }

    /** The loader that holds the platform classes: the host's, as the builder was given it. */
    public ClassLoader host() {
        return host;
    }

    /** Whether classes of {@code packageName} come from the platform layer. */
    public boolean isPlatformPackage(String packageName) {
        if (jdkPackages.contains(packageName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (packageName.startsWith(prefix)
                    && (packageName.length() == prefix.length() || packageName.charAt(prefix.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /** Whether the class {@code className} (a binary name) belongs to the platform layer. */
    public boolean isPlatformClass(String className) {
        return isPlatformPackage(packageOf(className));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isPlatformClass(name)) {
            throw new ClassNotFoundException(name + " is not in the platform layer that module code can see (the JDK, "
                    + String.join(", ", prefixes) + ")");
        }
        return host.loadClass(name);
    }

    @Override
    public URL getResource(String name) {
        return isPlatformResource(name) ? host.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isPlatformResource(name) ? host.getResources(name) : Collections.emptyEnumeration();
    }

    private boolean isPlatformResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        int slash = path.lastIndexOf('/');
        return slash > 0 && isPlatformPackage(path.substring(0, slash).replace('/', '.'));
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Set<String> jdkPackages() {
        Set<String> packages = new HashSet<>();
        ClassLoader jdk = ClassLoader.getPlatformClassLoader();
        for (Module module : ModuleLayer.boot().modules()) {
            ClassLoader loader = module.getClassLoader();
            if (loader == null || loader == jdk) { // JDK modules only, not an application on the module path
                packages.addAll(module.getPackages());
            }
        }
        return Set.copyOf(packages);
    }
}
