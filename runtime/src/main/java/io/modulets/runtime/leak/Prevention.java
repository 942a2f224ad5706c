package io.modulets.runtime.leak;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.management.ManagementFactory;
import java.sql.DriverManager;

/**
 * Creates, once per JVM and before any job runs, the JVM-wide singletons that would otherwise be created on the
 * first job's thread that needs them, and so capture that job's module loader for good (rule 10): a thread
 * created on a job's thread inherits its context class loader and its inheritable ThreadLocals, and a lazily
 * loaded service is looked up through the context class loader. The runtime creates them here with the
 * platform layer's loader as context class loader, as Tomcat's {@code JreMemoryLeakPreventionListener} does for
 * the JDK's.
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
            // Mutiny's default worker pool and executor: their threads are made on first use, on the caller's thread
            Infrastructure.getDefaultWorkerPool();
            Infrastructure.getDefaultExecutor();
            // DriverManager loads the drivers of META-INF/services through the context loader on first use
            DriverManager.getDrivers();
            // the platform MBean server, which the MBean remedy asks for
            ManagementFactory.getPlatformMBeanServer();
        } finally {
            thread.setContextClassLoader(before);
        }
        done = true;
    }
}
