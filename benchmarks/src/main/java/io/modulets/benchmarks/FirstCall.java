package io.modulets.benchmarks;

import io.modulets.api.Job;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.PlatformLayer;
import io.modulets.runtime.store.ContentStore;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 4: the first call into a fresh namespace of a module of {@code classes} classes: a new loader
 * over the same store file, {@code big.Entry} loaded and instantiated, and one call that loads, links and
 * initialises every class. Modulets' loader comes from the runtime's own {@link NamespaceFactory}, as a deploy
 * makes it. Baselines: a plain {@link URLClassLoader} over the same jar whose parent is the application loader
 * (how a plugin host lets plugins see its API) and one whose parent is the JDK's platform loader (the least a
 * loader can delegate). Closing the loaders is outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FirstCall {

    @Param({"1000"})
    public int classes;

    private Path root;
    private Path jar;
    private URL jarUrl;
    private ModuleVersion module;
    private NamespaceFactory factory;
    private Namespace namespace;
    private URLClassLoader urlLoader;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = Modules.tempDir("modulets-bench-firstcall");
        byte[] bytes = Modules.bigJar(classes);
        jar = Files.write(root.resolve("big.jar"), bytes);
        jarUrl = jar.toUri().toURL();
        String digest = HexFormat.of().formatHex(ContentStore.sha256().digest(bytes));
        module = new ModuleVersion("big", "1", List.of(), digest, jar, Set.of("big"));
        factory = new NamespaceFactory(new PlatformLayer(Job.class.getClassLoader(), List.of()));
    }

    @TearDown(Level.Invocation)
    public void closeLoaders() throws IOException {
        if (namespace != null) {
            namespace.loaders().forEach(ModuleClassLoader::retire);
            namespace = null;
        }
        if (urlLoader != null) {
            urlLoader.close();
            urlLoader = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Modules.deleteTree(root);
    }

    @Benchmark
    public int modulets() throws ReflectiveOperationException {
        namespace = factory.create(Map.of("big", module), List.of());
        return call(namespace.loader("big"));
    }

    @Benchmark
    public int urlClassLoaderAppParent() throws ReflectiveOperationException {
        urlLoader = new URLClassLoader(new URL[] {jarUrl}, Job.class.getClassLoader());
        return call(urlLoader);
    }

    @Benchmark
    public int urlClassLoaderPlatformParent() throws ReflectiveOperationException {
        urlLoader = new URLClassLoader(new URL[] {jarUrl}, ClassLoader.getPlatformClassLoader());
        return call(urlLoader);
    }

    private static int call(ClassLoader loader) throws ReflectiveOperationException {
        IntSupplier entry = (IntSupplier) loader.loadClass("big.Entry").getConstructor().newInstance();
        return entry.getAsInt();
    }
}
