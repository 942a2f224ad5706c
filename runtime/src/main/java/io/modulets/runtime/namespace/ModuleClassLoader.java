package io.modulets.runtime.namespace;

import io.modulets.runtime.module.ModuleVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The class loader of one module version with one requires-closure (rule 6). It serves every namespace in
 * which that module and its closure have these exact versions (rule 7).
 *
 * <p>Resolution order: the platform layer (the parent, for platform packages only, so a module cannot shadow
 * a platform class), then the module's own jar, then the jars of its requires-closure in breadth-first order,
 * each class being defined by the loader of the jar that holds it. Nothing else is visible.
 *
 * <p>Concurrency: the loader is parallel-capable. A class is defined without holding a lock across loaders:
 * two threads racing to define the same class of a dependency settle the race by catching the
 * {@link LinkageError} of the loser and taking {@link #findLoadedClass}. Bytes are read from the store file,
 * which never changes, through a {@link JarFile} opened once; {@link #close} releases it when the reaper
 * retires the loader.
 */
public final class ModuleClassLoader extends ClassLoader implements AutoCloseable {

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
    private volatile List<ModuleClassLoader> closure = List.of();
    private final ConcurrentHashMap<String, JobFactory> jobFactories = new ConcurrentHashMap<>();
    private volatile boolean closed;

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
        URL location;
        try {
            location = module.storeFile().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
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

    /** Whether the reaper has closed this loader. */
    public boolean isClosed() {
        return closed;
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
            throw new LinkageError("cannot define " + name + " of module " + module + ": " + e.getMessage(), e);
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

    private byte[] read(String entryName) throws ClassNotFoundException {
        if (closed) {
            throw new ClassNotFoundException("module " + module + " was retired and its loader closed; cannot load "
                    + entryName + " (a thread of a finished job is still running?)");
        }
        JarEntry entry = jar.getJarEntry(entryName);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException | IllegalStateException e) {
            throw new ClassNotFoundException("cannot read " + entryName + " from module " + module + ": " + e.getMessage(), e);
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
        List<URL> urls = new ArrayList<>();
        addIfPresent(urls, ownResource(name));
        for (ModuleClassLoader dependency : closure) {
            addIfPresent(urls, dependency.ownResource(name));
        }
        return Collections.enumeration(urls);
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
     * A URL for an entry of this module's jar. It reads through this loader's open jar, never through the
     * JDK's global jar-URL cache, so it neither pins the file nor sees a later version at the same path.
     */
    private URL ownResource(String name) {
        String entryName = name.startsWith("/") ? name.substring(1) : name;
        if (closed || jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            URI uri = new URI("modulet", module.digest(), "/" + entryName, null);
            return URL.of(uri, new EntryHandler(this, entryName));
        } catch (java.net.URISyntaxException | MalformedURLException e) {
            return null;
        }
    }

    private static final class EntryHandler extends URLStreamHandler {
        private final ModuleClassLoader loader;
        private final String entryName;

        EntryHandler(ModuleClassLoader loader, String entryName) {
            this.loader = loader;
            this.entryName = entryName;
        }

        @Override
        protected URLConnection openConnection(URL url) {
            return new URLConnection(url) {
                @Override
                public void connect() {
                    connected = true;
                }

                @Override
                public InputStream getInputStream() throws IOException {
                    byte[] bytes = loader.ownBytes(entryName);
                    if (bytes == null) {
                        throw new IOException(entryName + " is no longer readable from module " + loader.module);
                    }
                    return new ByteArrayInputStream(bytes);
                }
            };
        }
    }

    // ---- jobs ----

    /**
     * Defines {@code name} from bytes the runtime generated for this module (a job class's factory), or returns
     * it if it is defined already.
     *
     * @throws LinkageError if the module has a class of that name, or the bytes do not verify
     */
    Class<?> defineGenerated(String name, byte[] bytes) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (read(name.replace('.', '/') + ".class") != null) {
                throw new LinkageError("module " + module + " has a class of its own named " + name);
            }
            Class<?> c = findLoadedClass(name);
            return c != null ? c : defineClass(name, bytes, 0, bytes.length, domain);
        }
    }

    /** The cached factory for the job class {@code className} of this module. */
    JobFactory jobFactory(String className) throws ClassNotFoundException {
        JobFactory factory = jobFactories.get(className);
        if (factory == null) {
            factory = JobFactory.of(this, className);
            JobFactory raced = jobFactories.putIfAbsent(className, factory);
            factory = raced != null ? raced : factory;
        }
        return factory;
    }

    private String closureNames() {
        List<String> names = new ArrayList<>();
        for (ModuleClassLoader dependency : closure) {
            names.add(dependency.module.toString());
        }
        return names.toString();
    }

    /**
     * Closes the store file. Called by the reaper once no live namespace uses this loader; classes already
     * defined keep working, later loads fail with a message that names the module.
     */
    @Override
    public void close() {
        closed = true;
        jobFactories.clear();
        closure = List.of();
        try {
            jar.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + module.storeFile(), e);
        }
    }

    @Override
    public String toString() {
        return "ModuleClassLoader[" + module + "]";
    }
}
