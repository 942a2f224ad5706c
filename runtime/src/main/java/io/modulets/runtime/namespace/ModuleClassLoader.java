package io.modulets.runtime.namespace;

import io.modulets.runtime.module.ModuleVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.reflect.Constructor;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jboss.logging.Logger;

/**
 * The class loader of one module version with one requires-closure (rule 6). It serves every namespace in
 * which that module's whole group (the modules linked to it by requires) has these exact versions (rule 7).
 *
 * <p>Resolution order: the platform layer (the parent, for platform packages only, so a module cannot shadow
 * a platform class), then the module's own jar, then the jars of its requires-closure in breadth-first order,
 * each class being defined by the loader of the jar that holds it. Nothing else is visible.
 *
 * <p>Lifetime: a loader serves its classes and resources for as long as it is reachable, retired or not. When
 * the reaper {@linkplain #retire() retires} it (no live namespace uses it any more), it stops being reused for
 * new namespaces and drops what it cached for the runtime, but an object of one of its classes that is still
 * held somewhere (a job result, a straggling thread, an outcome callback) keeps working, lazily loaded classes
 * included. Its jar file is closed when the JVM collects the loader (a {@link Cleaner} action that holds the
 * file, not the loader), and the store keeps that file until then. So no load ever meets a closed file: there
 * is no state to check at the entry of a load, and nothing a racing retirement can take away mid-read.
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
    private final JarFile jar;
    private final ProtectionDomain domain;
    private final String closureKey;
    private final EntryHandler urls;
    private volatile List<ModuleClassLoader> closure = List.of();
    private final ConcurrentHashMap<String, Class<?>> entryClasses = new ConcurrentHashMap<>();
    private volatile boolean retired;

    /**
     * Opens the store file of {@code module}. The closure is set once with {@link #linkClosure} before the
     * loader is published.
     *
     * @param closureKey identifies the versions of the module's requires-closure; equal keys may share a loader
     */
    ModuleClassLoader(ModuleVersion module, PlatformLayer platform, String closureKey) {
        super(module.name() + "@" + module.version(), platform);
        this.module = module;
        this.platform = platform;
        this.closureKey = closureKey;
        try {
            this.jar = new JarFile(module.storeFile().toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + module.storeFile() + " for module " + module, e);
        }
        FILES.register(this, new CloseJar(jar, module.toString()));
        this.urls = new EntryHandler(jar, module.toString());
        URL location;
        try {
            location = module.storeFile().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    /** The Cleaner action: closes a collected loader's jar. Holds the file only, never the loader. */
    private record CloseJar(JarFile jar, String module) implements Runnable {
        @Override
        public void run() {
            try {
                jar.close();
            } catch (IOException e) {
                LOG.debugf("closing the store file of collected module %s: %s", module, e.getMessage());
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

    String closureKey() {
        return closureKey;
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
     * dropped. It goes on serving its classes and resources to whatever still holds them; its file is closed
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
        Class<?> c = defineOwn(name);
        if (c != null) {
            return c;
        }
        String pkg = PlatformLayer.packageOf(name);
        for (ModuleClassLoader dependency : closure) {
            if (dependency.module.packages().contains(pkg)) {
                c = dependency.defineOwn(name);
                if (c != null) {
                    return c;
                }
            }
        }
        throw new ClassNotFoundException(name + " is not in module " + module
                + (closure.isEmpty() ? "" : " nor in the modules it requires " + closureNames())
                + " nor in the platform layer");
    }

    /** This loader's own class {@code name}, defined on first use; null if its jar does not hold it. */
    private Class<?> defineOwn(String name) throws ClassNotFoundException {
        Class<?> c = findLoadedClass(name);
        if (c != null) {
            return c;
        }
        byte[] bytes = read(name.replace('.', '/') + ".class");
        if (bytes == null) {
            return null;
        }
        definePackageOf(name);
        try {
            return defineClass(name, bytes, 0, bytes.length, domain);
        } catch (LinkageError e) {
            Class<?> raced = findLoadedClass(name);
            if (raced != null) {
                return raced; // another thread defined it first
            }
            throw withModule(e, "cannot define " + name + " of module " + module + ": " + e.getMessage());
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

    private void definePackageOf(String className) {
        String pkg = PlatformLayer.packageOf(className);
        if (!pkg.isEmpty() && getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, module.name(), module.version(), null, null, null, null, null);
            } catch (IllegalArgumentException raced) {
                // defined by a concurrent thread: the package exists, which is all we need
            }
        }
    }

    /** The bytes of an entry of this module's jar, or null if it has none of that name. */
    private byte[] read(String entryName) throws ClassNotFoundException {
        try {
            return readEntry(jar, entryName);
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + entryName + " from module " + module + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readEntry(JarFile jar, String entryName) throws IOException {
        JarEntry entry;
        try {
            entry = jar.getJarEntry(entryName);
        } catch (IllegalStateException closed) { // only once the loader was collected: nothing can ask then
            throw new IOException(closed.getMessage(), closed);
        }
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IllegalStateException closed) {
            throw new IOException(closed.getMessage(), closed);
        }
    }

    // ---- resources: parent (platform packages only), own jar, closure ----

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
        URL url = ownResource(name);
        for (int i = 0; url == null && i < closure.size(); i++) {
            url = closure.get(i).ownResource(name);
        }
        return url;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        List<URL> found = new ArrayList<>();
        addIfPresent(found, ownResource(name));
        for (ModuleClassLoader dependency : closure) {
            addIfPresent(found, dependency.ownResource(name));
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
        byte[] bytes = ownBytes(name);
        for (int i = 0; bytes == null && i < closure.size(); i++) {
            bytes = closure.get(i).ownBytes(name);
        }
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    private static void addIfPresent(List<URL> urls, URL url) {
        if (url != null) {
            urls.add(url);
        }
    }

    private byte[] ownBytes(String name) {
        try {
            return read(name.startsWith("/") ? name.substring(1) : name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * A URL for an entry of this module's jar: {@code modulet://<sha256>/<entry>}. It reads through this
     * loader's open jar, never through the JDK's global jar-URL cache, so it neither pins the file nor sees a
     * later version at the same path.
     */
    private URL ownResource(String name) {
        String entryName = name.startsWith("/") ? name.substring(1) : name;
        try {
            if (jar.getJarEntry(entryName) == null) {
                return null;
            }
            return URL.of(new URI(EntryHandler.PROTOCOL, module.digest(), "/" + entryName, null), urls);
        } catch (java.net.URISyntaxException | MalformedURLException | IllegalStateException e) {
            return null;
        }
    }

    /**
     * Opens {@code modulet:} URLs of one module jar. It holds the jar, not the loader, so a URL kept somewhere
     * does not keep the loader's classes alive; once the loader is collected and its jar closed, reading such
     * a URL fails with an {@code IOException}. The path is read from the URL, so a URL resolved against another
     * ({@code new URL(base, "b.txt")}) reads its own entry. The host part is the jar's digest, not a network
     * host: equality and hashing compare the URLs' strings and never resolve it (the JDK's defaults would look
     * the "host" up in DNS).
     */
    private static final class EntryHandler extends URLStreamHandler {
        static final String PROTOCOL = "modulet";
        private final JarFile jar;
        private final String module;

        EntryHandler(JarFile jar, String module) {
            this.jar = jar;
            this.module = module;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            String entryName = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    byte[] bytes = readEntry(jar, entryName);
                    if (bytes == null) {
                        throw new IOException("module " + module + " has no entry " + entryName);
                    }
                    return new ByteArrayInputStream(bytes);
                }
            };
        }

        @Override
        protected boolean equals(URL a, URL b) {
            return Objects.equals(a.toExternalForm(), b.toExternalForm());
        }

        @Override
        protected int hashCode(URL url) {
            return url.toExternalForm().hashCode();
        }

        @Override
        protected boolean sameFile(URL a, URL b) {
            return Objects.equals(a.getAuthority(), b.getAuthority()) && Objects.equals(a.getPath(), b.getPath());
        }

        @Override
        protected boolean hostsEqual(URL a, URL b) {
            return Objects.equals(a.getHost(), b.getHost());
        }

        @Override
        protected synchronized InetAddress getHostAddress(URL url) {
            return null; // a digest, not a host
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
