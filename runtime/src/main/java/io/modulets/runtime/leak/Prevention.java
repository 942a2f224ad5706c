package io.modulets.runtime.leak;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.util.logging.LogManager;

/**
 * Creates, once per JVM and before any job runs, the JVM-wide singletons that would otherwise be created on the
 * first job's thread that needs them, and so capture that job's module loader for good (rule 10): a thread
 * created on a job's thread inherits its context class loader and its inheritable ThreadLocals, and a lazily
 * loaded service is looked up through the context class loader. The runtime creates them here with the
 * platform layer's loader as context class loader, as Tomcat's {@code JreMemoryLeakPreventionListener} does for
 * the JDK's. What it does, each with its reason:
 * <ul>
 * <li>Mutiny's default executor and worker pool get threads of the host ({@link MutinyPools}): their threads are
 *     made on the thread that hands in a task, whenever the pool grows, not only on first use.</li>
 * <li>{@code DriverManager.getDrivers()}: its first use loads the drivers of {@code META-INF/services} through the
 *     context loader, and registers them for good.</li>
 * <li>{@code ManagementFactory.getPlatformMBeanServer()}: the server the MBean remedy asks for, created here rather
 *     than on a job's thread.</li>
 * <li>{@code LogManager.getLogManager()}: JUL's manager is created on first use, and falls back to the context
 *     loader for the {@code java.util.logging.manager} class and the handlers of its configuration.</li>
 * <li>{@code SecureRandom.getSeed(1)}: the JDK's seed generator, where it gathers entropy from threads (no
 *     {@code securerandom.source} file, as on Windows), starts a thread that inherits the context loader.</li>
 * <li>{@code javax.imageio.ImageIO} (when {@code java.desktop} is present): its registry loads the image plugins
 *     of the context loader's {@code META-INF/services} into a JVM-wide registry, and its first use creates AWT's
 *     main {@code AppContext}, which keeps the context loader.</li>
 * </ul>
 * What Tomcat's listener also did and JDK 25 made needless: the GC daemon ({@code sun.misc.GC} is gone; RMI's
 * daemon is an innocuous thread), {@code javax.security.auth.Policy} (removed), the LDAP pool's cleaner and HTTP
 * keep-alive threads (innocuous threads, no context loader), XML parser factories (fixed in JDK 7), the common
 * fork-join pool (its threads have the system loader since JDK 9), and security providers (loaded with the system
 * loader).
 */
public final class Prevention {

    private static volatile boolean done;

    private Prevention() {
    }

    /** Creates the singletons, once per JVM, with {@code hostLoader} as the context class loader. */
    public static synchronized void atStart(ClassLoader hostLoader) {
        if (done) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(hostLoader);
        try {
            MutinyPools.useHostThreads(hostLoader);
            DriverManager.getDrivers();
            ManagementFactory.getPlatformMBeanServer();
            LogManager.getLogManager();
            SecureRandom.getSeed(1);
            imageIo();
        } finally {
            thread.setContextClassLoader(before);
        }
        done = true;
    }

    /** Has the context loader {@code hostLoader} while {@link #atStart} runs: creates ImageIO's registry. */
    private static void imageIo() {
        if (ModuleLayer.boot().findModule("java.desktop").isPresent()) {
            javax.imageio.ImageIO.getCacheDirectory();
        }
    }
}
