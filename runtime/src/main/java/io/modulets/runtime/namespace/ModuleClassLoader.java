package io.modulets.runtime.namespace;

import io.modulets.runtime.module.BundledJar;
import io.modulets.runtime.module.ModuleVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import org.jboss.logging.Logger;

/**
 * The class loader of one module version with one requires-closure (rule 6). It serves every namespace in
 * which that module's whole group (the modules linked to it by requires) has these exact versions (rule 7).
 *
 * <p>Resolution order: the platform layer (the parent, for platform packages only, so a module cannot shadow
 * a platform class), then the module's own jar, then the jars it bundles under {@code lib/} in the order of their
 * names, then the own jars of its requires-closure in breadth-first order. A class of the module's own jar or of
 * a bundled jar is defined by this loader, with the code source of the store file that holds it; a class of the
 * closure is defined by the loader of the module that holds it. Bundled jars are private: a module that requires
 * this one sees its own packages only. Resources follow the same order. Every jar is read for the running JDK: a
 * multi-release jar serves its versioned entries, a nested jar following its own manifest ({@link StoreJar}).
 * Nothing else is visible.
 *
 * <p>Resource URLs are the JDK's {@code jar:file:<store file>!/<entry>} (for an entry of a bundled jar, that
 * jar's own store file): {@code new URL(url.toString())} opens the same bytes, {@code new URL(url, "b.txt")}
 * resolves against the entry's path, a {@code URLClassLoader} over a module's base URL {@code jar:file:...!/}
 * serves its entries (as Guava's decoupled {@code Finalizer} loader needs), and no host is ever looked up. A URL
 * holds a string, not this loader: it reads the store file, for as long as the store keeps it. Opened with caches
 * on (the default of {@code URL.openStream()}), it makes the JDK keep the store file open in its global jar-URL
 * cache: always right, as store files never change, and closed by the store when the file leaves it; a file deleted
 * by anything else stays open until the JVM exits. {@link #getResourceAsStream} reads the bytes directly, through
 * the loader's own open files, never through that cache.
 *
 * <p>Lifetime: a loader serves its classes and resources for as long as it is reachable, retired or not. When
 * the reaper {@linkplain #retire() retires} it (no live namespace uses it any more), it stops being reused for
 * new namespaces and drops what it cached for the runtime, but an object of one of its classes that is still
 * held somewhere (a job result, a straggling thread, an outcome callback) keeps working, lazily loaded classes
 * included. Its files (its own jar and its bundled jars) are closed when the JVM collects the loader (a
 * {@link Cleaner} action that holds the files, not the loader), and the store keeps those files until then. So no
 * load ever meets a closed file: there is no state to check at the entry of a load, and nothing a racing
 * retirement can take away mid-read.
 *
 * <p>Concurrency: the loader is parallel-capable. A class is defined without holding a lock across loaders:
 * two threads racing to define the same class of a dependency settle the race by catching the
 * {@link LinkageError} of the loser and taking {@link #findLoadedClass}. A failure to define a class keeps its
 * type ({@link NoClassDefFoundError}, {@link UnsupportedClassVersionError}, {@link ClassFormatError}, ...)
 * and gains the module's name and version in its message, once.
 */
public final class ModuleClassLoader extends ClassLoader {

    private static final Logger LOG = Logger.getLogger("io.modulets.namespace");
    /** Closes the jar files of collected loaders; one daemon thread for the JVM. */
    private static final Cleaner FILES = Cleaner.create(Thread.ofPlatform().daemon().name("modulets-jar-closer").factory());

    static {
        if (!ClassLoader.registerAsParallelCapable()) {
            throw new IllegalStateException("ModuleClassLoader could not register as parallel-capable");
        }
    }

    private final ModuleVersion module;
    private final PlatformLayer platform;
    private final StoreJar own;
    /** The bundled jars, in search order. */
    private final List<StoreJar> bundled;
    private volatile List<ModuleClassLoader> closure = List.of();
    private final ConcurrentHashMap<String, Class<?>> entryClasses = new ConcurrentHashMap<>();
    private volatile boolean retired;
    /** Every class this loader defined, in order: what the leak remedies look through (it holds them anyway). */
    private final Queue<Class<?>> defined = new ConcurrentLinkedQueue<>();
    /** Unique among the loaders of this JVM: how a heap dump's reader finds this loader among its likes. */
    private final long serial;
    private static final AtomicLong SERIALS = new AtomicLong();
    /** The runtime's helper classes defined in this loader, by name. */
    private final ConcurrentHashMap<String, Class<?>> helpers = new ConcurrentHashMap<>();

    /**
     * Opens the store files of {@code module}: its jar and its bundled jars. The closure is set once with
     * {@link #linkClosure} before the loader is published.
     *
     * @throws java.io.UncheckedIOException if a store file cannot be opened (none is left open then)
     */
    ModuleClassLoader(ModuleVersion module, PlatformLayer platform) {
        long serial = SERIALS.incrementAndGet();
        this.serial = serial;
        // unique, as stack frames name a loader only by its name: the leak remedies tell loaders of one version apart
        super(module.name() + "@" + module.version() + "#" + serial, platform);
        this.module = module;
        this.platform = platform;
        List<JarFile> opened = new ArrayList<>();
        try {
            this.own = StoreJar.open(module.storeFile(), "module " + module, this,
                    new StoreJar.PackageInfo(module.name(), module.version(), null, null, null, null));
            opened.add(own.file());
            List<StoreJar> libs = new ArrayList<>(module.bundled().size());
            for (BundledJar lib : module.bundled()) {
                StoreJar jar = StoreJar.open(lib.storeFile(), lib.entry() + " of module " + module, this, null);
                opened.add(jar.file());
                libs.add(jar);
            }
            this.bundled = List.copyOf(libs);
        } catch (RuntimeException e) {
            opened.forEach(StoreJar::closeQuietly);
            throw e;
        }
        FILES.register(this, new CloseJars(List.copyOf(opened), module.toString()));
    }

    /** The Cleaner action: closes a collected loader's files. Holds the files only, never the loader. */
    private record CloseJars(List<JarFile> jars, String module) implements Runnable {
        @Override
        public void run() {
            for (JarFile jar : jars) {
                try {
                    jar.close();
                } catch (IOException e) {
                    LOG.debugf("closing a store file of collected module %s: %s", module, e.getMessage());
                }
            }
        }
    }

    void linkClosure(List<ModuleClassLoader> loaders) {
        this.closure = List.copyOf(loaders);
    }

    /** The module version this loader serves. */
    public ModuleVersion module() {
        return module;
    }

    /** The host's loader, behind the platform layer: what a thread's context loader is reset to. */
    public ClassLoader hostLoader() {
        return platform.host();
    }

    /** A number no other module loader of this JVM has. */
    public long serial() {
        return serial;
    }

    /** The classes this loader has defined so far (its own and its bundled jars'), oldest first. */
    public List<Class<?>> definedClasses() {
        return List.copyOf(defined);
    }

    /** Whether this loader defined a class named {@code className} (not only found it for a module that asked). */
    public boolean defines(String className) {
        Class<?> c = findLoadedClass(className);
        return c != null && c.getClassLoader() == this;
    }

    /**
     * Defines one of the runtime's own classes, {@code helper}, a second time in this loader, from its bytes, so
     * that it calls caller-sensitive JDK methods as code of this module would: {@code DriverManager} lets a class
     * deregister only the drivers its own loader can see, as Tomcat's {@code JdbcLeakPrevention} relies on. The
     * helper must use nothing but platform classes. Defined once per loader.
     *
     * @throws IllegalStateException if the helper's bytes cannot be read or defined
     */
    public Class<?> defineRuntimeHelper(Class<?> helper) {
        return helpers.computeIfAbsent(helper.getName(), name -> {
            String resource = name.replace('.', '/') + ".class";
            try (InputStream in = helper.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("cannot read the bytes of " + name + " from " + helper.getClassLoader());
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the bytes of " + name + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Whether the JVM has recorded this loader as a loader of {@code className}: it defined the class, or it
     * was asked for it by the JVM or by {@code Class.forName} and delegated. What the JIT sees as loaded in
     * code of this module.
     */
    public boolean hasLoaded(String className) {
        return findLoadedClass(className) != null;
    }

    /** Whether the reaper has retired this loader: no live namespace uses it, and no new one will. */
    public boolean isRetired() {
        return retired;
    }

    /**
     * Marks the loader retired: no new namespace will reuse it, and the classes cached for job lookups are
     * dropped. It goes on serving its classes and resources to whatever still holds them; its files are closed
     * when the JVM collects it. Idempotent.
     */
    public void retire() {
        retired = true;
        entryClasses.clear();
    }

    /**
     * The class {@code name} as this module's code sees it, cached: what the runtime looks up on every submit
     * (a job class), so a submit costs a map read rather than a class-loading call.
     */
    public Class<?> entryClass(String name) throws ClassNotFoundException {
        Class<?> c = entryClasses.get(name);
        if (c == null) {
            c = loadClass(name);
            if (!retired) {
                entryClasses.putIfAbsent(name, c);
            }
        }
        return c;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
            if (platform.isPlatformClass(name)) {
                c = platform.loadClass(name);
            } else {
                c = findInModules(name);
            }
        }
        if (resolve) {
            resolveClass(c);
        }
        return c;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        return findInModules(name);
    }

    private Class<?> findInModules(String name) throws ClassNotFoundException {
        Class<?> c = defineLocal(name);
        if (c != null) {
            return c;
        }
        String pkg = PlatformLayer.packageOf(name);
        for (ModuleClassLoader dependency : closure) {
            if (dependency.module.packages().contains(pkg)) {
                c = dependency.defineExported(name);
                if (c != null) {
                    return c;
                }
            }
        }
        throw new ClassNotFoundException(name + " is not in module " + module
                + (bundled.isEmpty() ? "" : " nor in the jars it bundles")
                + (closure.isEmpty() ? "" : " nor in the modules it requires " + closureNames())
                + " nor in the platform layer");
    }

    /** The class {@code name} of this module's own jar or of its bundled jars, defined on first use; else null. */
    private Class<?> defineLocal(String name) throws ClassNotFoundException {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
            return c;
        }
        c = defineFrom(own, name);
        for (int i = 0; c == null && i < bundled.size(); i++) {
            c = defineFrom(bundled.get(i), name);
        }
        return c;
    }

    /**
     * The class {@code name} of this module's own jar, as a module that requires this one sees it: never one of
     * its bundled jars (they are private) nor one it merely initiated the loading of; else null.
     */
    private Class<?> defineExported(String name) throws ClassNotFoundException {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
            return c.getProtectionDomain() == own.domain() ? c : null;
        }
        return defineFrom(own, name);
    }

    /** The class {@code name} defined from {@code jar}, or null if {@code jar} does not hold it. */
    private Class<?> defineFrom(StoreJar jar, String name) throws ClassNotFoundException {
        byte[] bytes;
        try {
            bytes = jar.read(name.replace('.', '/') + ".class");
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + name + " from " + jar.describe() + ": " + e.getMessage(), e);
        }
        if (bytes == null) {
            return null;
        }
        definePackageOf(name, jar);
        try {
            Class<?> c = defineClass(name, bytes, 0, bytes.length, jar.domain());
            defined.add(c);
            return c;
        } catch (LinkageError e) {
            Class<?> raced = findLoadedClass(name);
            if (raced != null) {
                return raced; // another thread defined it first
            }
            throw withModule(e, "cannot define " + name + " of " + jar.describe() + ": " + e.getMessage());
        }
    }

    /**
     * {@code e} as the same type of error with {@code message}, caused by {@code e}: a caller that catches
     * {@code NoClassDefFoundError} or {@code UnsupportedClassVersionError} still can. The JDK's linkage errors
     * all have a message constructor; should one not, {@code e} itself is thrown.
     */
    private static LinkageError withModule(LinkageError e, String message) {
        try {
            Constructor<? extends LinkageError> withMessage = e.getClass().getConstructor(String.class);
            LinkageError copy = withMessage.newInstance(message);
            copy.initCause(e);
            return copy;
        } catch (ReflectiveOperationException | RuntimeException unusual) {
            return e;
        }
    }

    private void definePackageOf(String className, StoreJar jar) {
        String pkg = PlatformLayer.packageOf(className);
        if (!pkg.isEmpty() && getDefinedPackage(pkg) == null) {
            StoreJar.PackageInfo info = jar.packageInfo();
            try {
                definePackage(pkg, info.specTitle(), info.specVersion(), info.specVendor(), info.implTitle(),
                        info.implVersion(), info.implVendor(), null);
            } catch (IllegalArgumentException raced) {
                // defined by a concurrent thread: the package exists, which is all we need
            }
        }
    }

    // ---- resources: parent (platform packages only), own jar, bundled jars, the closure's own jars ----

    @Override
    public URL getResource(String name) {
        URL url = platform.getResource(name);
        if (url == null) {
            url = findResource(name);
        }
        return url;
    }

    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        URL url = own.url(entryName);
        for (int i = 0; url == null && i < bundled.size(); i++) {
            url = bundled.get(i).url(entryName);
        }
        for (int i = 0; url == null && i < closure.size(); i++) {
            url = closure.get(i).own.url(entryName);
        }
        return url;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        String entryName = entryName(name);
        List<URL> found = new ArrayList<>();
        addIfPresent(found, own.url(entryName));
        for (StoreJar jar : bundled) {
            addIfPresent(found, jar.url(entryName));
        }
        for (ModuleClassLoader dependency : closure) {
            addIfPresent(found, dependency.own.url(entryName));
        }
        return Collections.enumeration(found);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        URL platformUrl = platform.getResource(name);
        if (platformUrl != null) {
            try {
                return platformUrl.openStream();
            } catch (IOException e) {
                return null;
            }
        }
        String entryName = entryName(name);
        byte[] bytes = bytesOf(own, entryName);
        for (int i = 0; bytes == null && i < bundled.size(); i++) {
            bytes = bytesOf(bundled.get(i), entryName);
        }
        for (int i = 0; bytes == null && i < closure.size(); i++) {
            bytes = bytesOf(closure.get(i).own, entryName);
        }
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    private static String entryName(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static void addIfPresent(List<URL> urls, URL url) {
        if (url != null) {
            urls.add(url);
        }
    }

    private static byte[] bytesOf(StoreJar jar, String entryName) {
        try {
            return jar.read(entryName);
        } catch (IOException e) {
            return null;
        }
    }

    private String closureNames() {
        List<String> names = new ArrayList<>();
        for (ModuleClassLoader dependency : closure) {
            names.add(dependency.module.toString());
        }
        return names.toString();
    }

    @Override
    public String toString() {
        return "ModuleClassLoader[" + module + "]";
    }
}
