package io.modulets.runtime.leak;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Makes the threads of Mutiny's default executor and worker pool the host's. Mutiny's defaults are a cached
 * thread pool and a one-thread scheduler with the JDK's default thread factory: each thread is made on the thread
 * that hands in the task that needs it, and inherits its context class loader and inheritable ThreadLocals. A job
 * that is first to schedule work, or that makes the cached pool grow (its idle threads end after a minute, so
 * this happens all the time), would leave a pool thread holding its module loader for as long as the thread
 * lives; the scheduler's one thread lives for good. So their thread factories are replaced by one that makes
 * threads with the host's loader as context loader and no inherited ThreadLocals, and the scheduler's thread is
 * started at once. An executor that is not a {@link ThreadPoolExecutor} (one a host such as Quarkus installed) is
 * left alone: its owner makes its threads.
 */
final class MutinyPools {

    private MutinyPools() {
    }

    /** Gives Mutiny's current default executor and worker pool threads made for {@code hostLoader}. */
    static void useHostThreads(ClassLoader hostLoader) {
        Executor executor = Infrastructure.getDefaultExecutor();
        if (executor instanceof ThreadPoolExecutor pool && !(pool.getThreadFactory() instanceof HostThreads)) {
            pool.setThreadFactory(new HostThreads("mutiny-worker-", hostLoader));
        }
        if (Infrastructure.getDefaultWorkerPool() instanceof ThreadPoolExecutor scheduler
                && !(scheduler.getThreadFactory() instanceof HostThreads)) {
            scheduler.setThreadFactory(new HostThreads("mutiny-scheduler-", hostLoader));
            scheduler.prestartAllCoreThreads();
        }
    }

    /** Makes daemon platform threads (as Mutiny's own are: they must not keep a JVM from exiting) with a fixed context loader and no inherited ThreadLocals. */
    private static final class HostThreads implements ThreadFactory {
        private final ThreadFactory threads;
        private final ClassLoader contextLoader;

        HostThreads(String prefix, ClassLoader contextLoader) {
            this.threads = Thread.ofPlatform().name(prefix, 1).daemon().inheritInheritableThreadLocals(false).factory();
            this.contextLoader = contextLoader;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = threads.newThread(task);
            thread.setContextClassLoader(contextLoader);
            return thread;
        }
    }
}
