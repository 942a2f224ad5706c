package io.modulets.runtime;

import io.modulets.api.Job;
import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.deploy.Deployer;
import io.modulets.runtime.events.EventHub;
import io.modulets.runtime.jfr.RuntimeEventRecorder;
import io.modulets.runtime.job.JobLauncher;
import io.modulets.runtime.namespace.ModuleClassLoader;
import io.modulets.runtime.namespace.Namespace;
import io.modulets.runtime.namespace.NamespaceFactory;
import io.modulets.runtime.namespace.NamespaceRegistry;
import io.modulets.runtime.namespace.PlatformLayer;
import io.modulets.runtime.heap.HeapAnalyzer;
import io.modulets.runtime.history.History;
import io.modulets.runtime.history.VersionRecord;
import io.modulets.runtime.jmx.JmxExport;
import io.modulets.runtime.leak.JdkAccess;
import io.modulets.runtime.leak.Prevention;
import io.modulets.runtime.leak.Remedies;
import io.modulets.runtime.reaper.Reaper;
import io.modulets.runtime.store.ContentStore;
import io.modulets.runtime.watch.FolderWatcher;
import io.smallrye.mutiny.Multi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The Modulets runtime: watches a folder of module jars, keeps a current namespace of their newest versions,
 * runs jobs on virtual threads bound to the namespace current when they were submitted, and reaps old
 * namespaces when their last job ends.
 *
 * <pre>{@code
 * try (ModuletRuntime runtime = ModuletRuntime.builder().watchDir(Path.of("modules")).stateDir(Path.of("state")).build()) {
 *     runtime.start();
 *     JobHandle<String> job = runtime.submit(JobSpec.of("report", "com.acme.DailyReport").withArg("day", "2026-11-24"));
 *     String result = job.result().await().atMost(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Threads: one platform thread ("modulets-control") does all deploy, retire and verification work, one
 * watches the folder, one fires job timeouts; jobs and workers run on virtual threads. Every public method is
 * thread-safe. {@link #submit} never waits for deploy work.
 */
public final class ModuletRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger("io.modulets.runtime");
    private static final Duration REAPER_TICK = Duration.ofMillis(50);

    /** What this JVM opens to the leak remedies: the same for every runtime in it. */
    private static final JdkAccess JDK_ACCESS = JdkAccess.ofThisJvm();

    private final RuntimeSettings settings;
    private final EventHub<RuntimeEvent> events;
    private final ScheduledExecutorService control;
    private final ScheduledExecutorService timer;
    private final ContentStore store;
    private final NamespaceRegistry registry;
    private final Deployer deployer;
    private final History history;
    private final Tally tally = new Tally();
    private final Reaper reaper;
    private final JobLauncher launcher;
    private final FolderWatcher watcher;
    /** The MBeans and the process file, when the setting jmx is on; else null. */
    private final JmxExport jmx;
    private final AtomicInteger state = new AtomicInteger(NEW);
    private volatile ScheduledFuture<?> reaperTicks;
    /** The runtime's own observers of its events (counters, MBeans, flight recorder): see {@link #observe}. */
    private final List<java.util.function.Consumer<RuntimeEvent>> observers = new java.util.concurrent.CopyOnWriteArrayList<>(
            List.of(tally));

    private static final int NEW = 0;
    private static final int STARTING = 1;
    private static final int STARTED = 2;
    private static final int CLOSED = 3;

    private ModuletRuntime(RuntimeSettings settings) {
        this.settings = settings;
        this.history = History.open(settings.stateDir()); // first: if it cannot be read, no thread was started yet
        this.events = new EventHub<>(settings.hostLoader(), this::observe);
        this.control = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("modulets-control").daemon().factory());
        this.timer = newTimer();
        this.store = new ContentStore(settings.stateDir().resolve("store"));
        NamespaceFactory factory = new NamespaceFactory(new PlatformLayer(settings.hostLoader(), settings.sharedPackages()));
        this.registry = new NamespaceRegistry(factory.empty(), this::retireLater);
        this.deployer = new Deployer(store, factory, registry, events, settings.settleWindow(),
                System::nanoTime, this::filesOfRetiredLoaders, history, settings.historyVersions());
        this.reaper = new Reaper(registry, events, deployer::collectStoreGarbage, settings.leakDeadline(),
                settings.requestGcForVerification(), System::nanoTime,
                Remedies.standard(JDK_ACCESS, settings.stopLeftoverThreads(), this::liveLoaders),
                settings.heapAnalysis() ? new HeapAnalyzer(settings.stateDir().resolve("heap-dumps"), settings.keepHeapDumps()) : null,
                settings.heapAnalysisInterval());
        this.launcher = new JobLauncher(registry, events, timer);
        this.watcher = new FolderWatcher(settings.watchDir(), settings.rescanInterval(), control, deployer);
        this.jmx = settings.jmx() ? new JmxExport(this) : null;
        if (jmx != null) {
            observers.add(jmx::onEvent);
        }
        observers.add(new RuntimeEventRecorder());
    }

    /**
     * The job-timeout timer. A job that ends cancels its timeout; the cancelled task leaves the queue at once
     * instead of at its original deadline, so a runtime with many long timeouts does not grow a queue of them.
     */
    private static ScheduledExecutorService newTimer() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("modulets-timer").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** The loaders of the live namespaces, each once. */
    private java.util.Collection<io.modulets.runtime.namespace.ModuleClassLoader> liveLoaders() {
        java.util.Set<io.modulets.runtime.namespace.ModuleClassLoader> loaders =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        registry.live().forEach(ns -> loaders.addAll(ns.loaders()));
        return loaders;
    }

    /** Store files that retired loaders not yet collected may still read (the deployer keeps them in the store). */
    private java.util.Set<String> filesOfRetiredLoaders() {
        return reaper.filesInUse();
    }

    /** Hands a retired namespace to the reaper on the control thread; after close, the loaders are closed by close(). */
    private void retireLater(Namespace ns) {
        reaper.retiredLater(ns);
        try {
            control.execute(reaper::handleRetired);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debugf("%s retired after the runtime closed; close() has closed its loaders", ns.info());
        }
    }

    /**
     * Every published event, on the publishing thread, before subscribers get it (the hub's tap). Job events are
     * published only when someone subscribed, so observers count jobs elsewhere.
     */
    private void observe(RuntimeEvent event) {
        for (java.util.function.Consumer<RuntimeEvent> observer : observers) {
            observer.accept(event);
        }
    }

    /** A builder; {@code watchDir} and {@code stateDir} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Deploys what the watched folder holds (rule 11) before returning, then watches it. In a plain-Java host that
     * left {@code java.util.logging} as the JDK sets it up, the runtime's log lines are first given a one-line
     * format ({@link OneLineFormatter}); a host that configured logging keeps its own. Jobs can be submitted
     * once it has returned; a submit while it runs fails as "not started". If it throws, nothing it started is
     * left running and it may be called again.
     *
     * @throws IllegalStateException if already started, starting or closed (or closed while starting)
     * @throws UncheckedIOException if the folders cannot be created or watched
     */
    public void start() {
        if (!state.compareAndSet(NEW, STARTING)) {
            throw new IllegalStateException("the runtime was already " + describe(state.get()));
        }
        PlainJavaLogging.installIfUnconfigured();
        try {
            Prevention.atStart(settings.hostLoader());
            Files.createDirectories(settings.watchDir());
            int leftovers = store.removeTemporaries();
            if (leftovers > 0) {
                LOG.infof("removed %d unfinished copies from the store (an earlier run stopped mid-copy)", leftovers);
            }
            onControl(() -> {
                deployer.deployAll(watcher.list());
                deployer.collectStoreGarbage();
            });
            watcher.start();
            reaperTicks = control.scheduleWithFixedDelay(reaper::tick, REAPER_TICK.toMillis(), REAPER_TICK.toMillis(),
                    TimeUnit.MILLISECONDS);
            if (jmx != null) {
                jmx.start();
            }
        } catch (IOException e) {
            abandonStart();
            throw new UncheckedIOException("cannot watch " + settings.watchDir(), e);
        } catch (RuntimeException | Error e) {
            abandonStart();
            throw e;
        }
        if (!state.compareAndSet(STARTING, STARTED)) {
            throw new IllegalStateException("the runtime was closed while it started");
        }
        LOG.infof("watching %s; store in %s; current namespace %s", settings.watchDir(), store.dir(), current());
        LOG.info(JDK_ACCESS.startLine());
    }

    /** Undoes what a failed start began, so that start() can be called again. */
    private void abandonStart() {
        if (jmx != null) {
            jmx.abandon();
        }
        watcher.close();
        ScheduledFuture<?> ticks = reaperTicks;
        if (ticks != null) {
            ticks.cancel(false);
        }
        state.compareAndSet(STARTING, NEW);
    }

    private static String describe(int state) {
        return switch (state) {
            case NEW -> "not started";
            case STARTING -> "starting";
            case STARTED -> "started";
            default -> "closed";
        };
    }

    private void onControl(Runnable work) {
        try {
            control.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deploying the folder", e);
        }
    }

    /** The namespace new jobs bind now. */
    public NamespaceInfo current() {
        return registry.current().info();
    }

    /**
     * Starts a job in the current namespace (rule 8).
     *
     * @throws io.modulets.api.JobSubmissionException if the module or job class is not in the current
     *     namespace, or the class is not a usable {@link Job}; the message names what was not found
     * @throws IllegalStateException if the runtime is not started or is closed
     */
    public <R> JobHandle<R> submit(JobSpec spec) {
        int now = state.get();
        if (now != STARTED) {
            throw new IllegalStateException("the runtime is " + describe(now)
                    + (now == STARTING ? " (submit once start() has returned)" : "") + ": cannot submit " + spec);
        }
        return launcher.submit(spec);
    }

    /** Namespaces not yet retired, oldest first; the last is the current one. */
    public List<NamespaceInfo> liveNamespaces() {
        List<NamespaceInfo> infos = new ArrayList<>();
        for (Namespace ns : registry.live()) {
            infos.add(ns.info());
        }
        return infos;
    }

    /**
     * A hot stream of what happens from now on: deployments, rejections, retirements, collections, leak
     * suspects, jobs started and ended. Each subscriber has its own buffer; it completes on {@link #close()}.
     */
    public Multi<RuntimeEvent> events() {
        return events.stream();
    }

    /** The settings this runtime was built with. */
    public RuntimeSettings settings() {
        return settings;
    }

    /** Jobs that have not ended yet. */
    public int runningJobs() {
        return launcher.runningCount();
    }

    /**
     * Every job that has not ended, oldest first, then the last {@value io.modulets.runtime.job.JobLauncher#ENDED_KEPT}
     * jobs that ended, oldest first. Snapshots: they hold no loader and no result.
     */
    public List<JobInfo> jobs() {
        return launcher.jobs();
    }

    /** The job {@code id} as {@link #jobs()} shows it, if it runs or is among the last ended ones. */
    public java.util.Optional<JobInfo> jobInfo(String id) {
        return java.util.Optional.ofNullable(launcher.jobInfo(Objects.requireNonNull(id, "id")));
    }

    /** The handle of the running job {@code id} (to cancel it or wait for its result); empty once it has ended. */
    public java.util.Optional<JobHandle<?>> job(String id) {
        return java.util.Optional.ofNullable(launcher.runningJob(Objects.requireNonNull(id, "id")));
    }

    /** The live namespaces, oldest first (the last is the current one), each with its count of running jobs. */
    public List<NamespaceStatus> namespaces() {
        java.util.Map<String, Integer> running = launcher.runningByNamespace();
        List<Namespace> live = registry.live();
        Namespace now = registry.current();
        List<NamespaceStatus> statuses = new ArrayList<>(live.size());
        for (Namespace ns : live) {
            statuses.add(new NamespaceStatus(ns.info(), ns == now, running.getOrDefault(ns.info().id(), 0)));
        }
        return statuses;
    }

    /** Every module of the current namespace, by name: its current version and digest, and its versions still alive. */
    public List<ModuleStatus> modules() {
        NamespaceInfo now = registry.current().info();
        java.util.Map<String, String> pins = deployer.pinned();
        List<Namespace> live = registry.live();
        List<ModuleStatus> modules = new ArrayList<>();
        for (java.util.Map.Entry<String, String> module : now.modules().entrySet()) {
            String name = module.getKey();
            java.util.Map<String, List<String>> namespacesByDigest = new java.util.LinkedHashMap<>();
            java.util.Map<String, String> versionByDigest = new java.util.HashMap<>();
            for (Namespace ns : live) {
                String digest = ns.info().digests().get(name);
                if (digest != null) {
                    namespacesByDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(ns.info().id());
                    versionByDigest.put(digest, ns.info().modules().get(name));
                }
            }
            List<ModuleStatus.LiveVersion> versions = new ArrayList<>();
            namespacesByDigest.forEach((digest, ids) -> versions.add(
                    new ModuleStatus.LiveVersion(versionByDigest.get(digest), digest, ids)));
            String digest = now.digests().get(name);
            modules.add(new ModuleStatus(name, module.getValue(), digest, digest != null && digest.equals(pins.get(name)),
                    versions));
        }
        return modules;
    }

    /**
     * Every version of {@code module} the runtime accepted, oldest arrival first, across restarts.
     *
     * @throws IllegalArgumentException if the history has no version of it, naming the modules it has
     */
    public List<HistoryEntry> history(String module) {
        Objects.requireNonNull(module, "module");
        List<VersionRecord> records = history.of(module);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the history has no module '" + module + "'; it has "
                    + (history.modules().isEmpty() ? "none yet" : String.join(", ", history.modules())));
        }
        NamespaceInfo now = registry.current().info();
        List<Namespace> live = registry.live();
        String pinned = deployer.pinned().get(module);
        List<HistoryEntry> entries = new ArrayList<>(records.size());
        for (VersionRecord r : records) {
            int liveIn = 0;
            for (Namespace ns : live) {
                if (r.digest().equals(ns.info().digests().get(module))) {
                    liveIn++;
                }
            }
            VersionState state = r.digest().equals(now.digests().get(module)) ? VersionState.CURRENT
                    : liveIn > 0 ? VersionState.ALIVE
                    : deployer.held(r) ? VersionState.RETIRED : VersionState.REMOVED;
            entries.add(new HistoryEntry(r.module(), r.version(), r.digest(), r.source(), r.arrived(), state, liveIn,
                    r.digest().equals(pinned)));
        }
        return entries;
    }

    /**
     * Makes {@code version} of {@code module}, from the history, its current version whatever the folder holds, until
     * {@link #unpin}; survives a restart. Deploys a new namespace before returning (running jobs keep theirs);
     * reports {@link RuntimeEvent.Pinned} and one INFO line. {@code version} is a version string (the newest arrival
     * of it, if two builds share it) or a digest prefix of at least 6 hex digits.
     *
     * @return the pinned version's history entry, now current
     * @throws IllegalArgumentException if the history does not hold that version (the message lists the versions it
     *     holds), its files left the store, or what it requires is missing; nothing changes then
     * @throws IllegalStateException if the runtime is not started or is closed
     */
    public HistoryEntry pin(String module, String version) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(version, "version");
        VersionRecord pinned = operate("pin " + module + " " + version, () -> deployer.pin(module, version, false));
        return entryOf(pinned);
    }

    /**
     * Gives {@code module} back to the folder: its newest file decides again (rule 5). Reports
     * {@link RuntimeEvent.Unpinned} and one INFO line.
     *
     * @return whether it was pinned
     * @throws IllegalStateException if the runtime is not started or is closed
     */
    public boolean unpin(String module) {
        Objects.requireNonNull(module, "module");
        return operate("unpin " + module, () -> deployer.unpin(module));
    }

    /**
     * Pins the version that was current before the current one: the one the folder made current last before the
     * current version was, whose files the store still holds. Calling it again goes one further back (a pin, rollbacks
     * included, does not count as the folder making a version current).
     *
     * @return the pinned version's history entry, now current
     * @throws IllegalArgumentException if there is no such version, saying which versions the history holds
     * @throws IllegalStateException if the runtime is not started or is closed
     */
    public HistoryEntry rollback(String module) {
        Objects.requireNonNull(module, "module");
        return entryOf(operate("rollback " + module, () -> deployer.rollback(module)));
    }

    /** The leak suspects still outstanding: retired loaders suspected and not collected since, oldest first. */
    public List<RuntimeEvent.LeakSuspected> leaks() {
        return tally.outstandingLeaks();
    }

    /** What this runtime has done since it started. */
    public RuntimeCounts counts() {
        long[] jobs = launcher.endedCounts();
        return tally.counts(jobs[0], jobs[1], jobs[2]);
    }

    /** Lists the watched folder now, as the periodic rescan does, and returns once that round is done. */
    public void rescan() {
        operate("rescan", () -> {
            deployer.rescanned(watcher.list());
            return null;
        });
    }

    /** The history entry of {@code record} as {@link #history} shows it now. */
    private HistoryEntry entryOf(VersionRecord record) {
        for (HistoryEntry entry : history(record.module())) {
            if (entry.digest().equals(record.digest())) {
                return entry;
            }
        }
        throw new IllegalStateException("the history lost " + record);
    }

    /** Runs an operator's command on the control thread once the runtime is started, and returns its answer. */
    private <T> T operate(String what, java.util.concurrent.Callable<T> command) {
        int now = state.get();
        if (now != STARTED) {
            throw new IllegalStateException("the runtime is " + describe(now) + ": cannot " + what);
        }
        try {
            return control.submit(command).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("the runtime is closed: cannot " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        }
    }

    /**
     * Stops watching, waits up to the drain timeout for running jobs, cancels what is left, stops the control
     * thread, retires every loader and completes the event streams. Idempotent. Every step is taken even if an
     * earlier one failed; the failures are then thrown together.
     *
     * <p>When it returns, every job it waited for has published its result and its {@code JobEnded} (a job
     * ends in that order, see the job package). Objects of module classes that callers still hold keep working:
     * their loaders are retired, not destroyed, and close their files when the JVM collects them.
     *
     * @throws IllegalStateException naming the steps that failed, with their exceptions as suppressed
     */
    @Override
    public void close() {
        int before = state.getAndSet(CLOSED);
        if (before == CLOSED) {
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        step(failures, "stopping the folder watch", watcher::close);
        step(failures, "draining jobs", this::drainJobs);
        step(failures, "stopping the control thread", this::stopThreads);
        if (jmx != null) {
            step(failures, "unregistering the MBeans", jmx::close);
        }
        step(failures, "retiring loaders", () -> registry.live().forEach(ns -> ns.loaders().forEach(ModuleClassLoader::retire)));
        step(failures, "saving the history", history::close);
        step(failures, "completing the event streams", events::close);
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException("closing the runtime (watching "
                    + settings.watchDir() + ") failed in " + failures.size() + " step(s): "
                    + failures.stream().map(Throwable::getMessage).toList() + "; every other step was done");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }
        LOG.infof("closed (watched %s)", settings.watchDir());
    }

    private static void step(List<Throwable> failures, String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            failures.add(new IllegalStateException(what + ": " + e, e));
        }
    }

    private void drainJobs() {
        try {
            List<String> stuck = launcher.shutdown(settings.drainTimeout());
            if (!stuck.isEmpty()) {
                LOG.warnf("closing with %d jobs still running: cancelled, they did not end within the drain timeout of %s"
                        + " (a job that ignores interrupts never ends): %s", stuck.size(), settings.drainTimeout(), stuck);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the remaining steps still run
        }
    }

    private void stopThreads() {
        control.shutdown();
        timer.shutdownNow();
        try {
            if (!control.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the control thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds a {@link ModuletRuntime}. Not thread-safe. Each setter rejects null and nonsensical values at once,
     * naming the setting.
     */
    public static final class Builder {

        private Path watchDir;
        private Path stateDir;
        private Duration settleWindow = RuntimeSettings.DEFAULT_SETTLE_WINDOW;
        private Duration rescanInterval = RuntimeSettings.DEFAULT_RESCAN_INTERVAL;
        private Duration leakDeadline = RuntimeSettings.DEFAULT_LEAK_DEADLINE;
        private Duration drainTimeout = RuntimeSettings.DEFAULT_DRAIN_TIMEOUT;
        private final List<String> sharedPackages = new ArrayList<>();
        private boolean requestGc = true;
        private boolean stopLeftoverThreads = true;
        private boolean heapAnalysis = false;
        private Duration heapAnalysisInterval = RuntimeSettings.DEFAULT_HEAP_ANALYSIS_INTERVAL;
        private boolean keepHeapDumps = false;
        private int historyVersions = RuntimeSettings.DEFAULT_HISTORY_VERSIONS;
        private boolean jmx = true;
        private String name;
        private ClassLoader hostLoader = Job.class.getClassLoader();

        private Builder() {
        }

        /** The folder jars are dropped into; created on start if missing. Required. */
        public Builder watchDir(Path dir) {
            this.watchDir = Objects.requireNonNull(dir, "watchDir").toAbsolutePath().normalize();
            return this;
        }

        /** Where the runtime keeps its store; must not be inside the watched folder. Required. */
        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "stateDir").toAbsolutePath().normalize();
            return this;
        }

        /** How long a failing file must stay unchanged before it is rejected (default 2 s). */
        public Builder settleWindow(Duration window) {
            this.settleWindow = positive(window, "settleWindow");
            return this;
        }

        /** How often the whole folder is listed, besides events (default 1 s). */
        public Builder rescanInterval(Duration interval) {
            this.rescanInterval = positive(interval, "rescanInterval");
            return this;
        }

        /** How long a retired loader may stay reachable before a leak is suspected (default 30 s). */
        public Builder leakDeadline(Duration deadline) {
            this.leakDeadline = positive(deadline, "leakDeadline");
            return this;
        }

        /** How long {@code close()} waits for running jobs before cancelling them (default 10 s). */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive(timeout, "drainTimeout");
            return this;
        }

        /**
         * Shares a package (and its sub-packages) of the host with module code, as part of the platform layer.
         * Shared classes are never reloaded; a module's own copy of them is ignored. The runtime's own package
         * cannot be shared (rule 6).
         */
        public Builder sharedPackage(String packageName) {
            Objects.requireNonNull(packageName, "sharedPackage");
            if (!packageName.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new IllegalArgumentException("sharedPackage '" + packageName
                        + "' is not a package name: give dot-separated Java identifiers, such as com.acme.shared");
            }
            String runtime = ModuletRuntime.class.getPackageName();
            if (runtime.equals(packageName) || runtime.startsWith(packageName + ".") || packageName.startsWith(runtime + ".")) {
                throw new IllegalArgumentException("sharedPackage '" + packageName + "' would show module code the runtime's"
                        + " own classes (" + runtime + "); share a package of your application instead");
            }
            sharedPackages.add(packageName);
            return this;
        }

        /** Whether the reaper may call {@code System.gc()} while it verifies collection (default true). */
        public Builder requestGcForVerification(boolean allowed) {
            this.requestGc = allowed;
            return this;
        }

        /**
         * Whether threads still running a retired version's code are stopped when its loader retires (default
         * true): interrupted, and the thread pools and timers found behind them shut down. Threads are never
         * killed (the JDK cannot): one that ignores interrupts runs on and is named in the leak suspect. When
         * false, such threads are only named.
         *
         * <p>Why on, where Tomcat's {@code clearReferencesStopThreads} is off: Tomcat stopped threads with
         * {@code Thread.stop()}, which could leave shared state half-updated and is gone from the JDK; here a thread
         * is only asked to stop (interrupt, {@code shutdownNow()}, a Timer's cancellation), which is what well-written
         * code already answers, and only a thread that runs the retired version's own code, or a pool or timer its
         * code created, is asked. A retired version has no job left by definition, so its leftover threads serve
         * nobody, while each of them keeps its whole loader (classes, statics, bundled libraries) in memory. Turn it
         * off for modules that deliberately leave background work running past their version.
         */
        public Builder stopLeftoverThreads(boolean stop) {
            this.stopLeftoverThreads = stop;
            return this;
        }

        /**
         * Whether a leak suspect is analysed in a heap dump (default false): the shortest strong path from a GC
         * root to its loader goes into {@link RuntimeEvent.LeakSuspected#heapPath()}, and a loader reachable
         * only through soft or weak references is not reported as a suspect. A dump takes seconds and as much
         * disk as the live heap, so at most one is made per {@link #heapAnalysisInterval}.
         */
        public Builder heapAnalysis(boolean enabled) {
            this.heapAnalysis = enabled;
            return this;
        }

        /** The least time between two heap analyses (default 10 min); suspects in between get none. */
        public Builder heapAnalysisInterval(Duration interval) {
            this.heapAnalysisInterval = positive(interval, "heapAnalysisInterval");
            return this;
        }

        /** Whether heap dumps are kept after their analysis, in {@code <state-dir>/heap-dumps/} (default false). */
        public Builder keepHeapDumps(boolean keep) {
            this.keepHeapDumps = keep;
            return this;
        }

        /**
         * How many versions of each module the store keeps after their files left the folder (default 5): the
         * last ones by arrival, besides every version a live namespace holds and a pinned one. Only these, and
         * versions still live, can be pinned or rolled back to; older history entries stay, as
         * {@link VersionState#REMOVED}. 0 keeps nothing beyond what a file or a namespace uses.
         */
        public Builder historyVersions(int versions) {
            if (versions < 0) {
                throw new IllegalArgumentException("historyVersions must be 0 or more, was " + versions);
            }
            this.historyVersions = versions;
            return this;
        }

        /**
         * Whether the runtime registers its MBeans (the runtime, each module, each live namespace) in the platform
         * MBean server on start (default true), so jconsole and the {@code modulets} CLI see it.
         */
        public Builder jmx(boolean enabled) {
            this.jmx = enabled;
            return this;
        }

        /**
         * The runtime's name in its MBeans' ObjectNames ({@code io.modulets:type=Runtime,name=<name>}) and its process
         * file (default: the watched folder's name). If another runtime in this JVM already has it, the MBeans are
         * registered as {@code <name>-2}, {@code <name>-3}, …, and the start says so in one INFO line.
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank: give the name JMX clients know this runtime by");
            }
            this.name = name;
            return this;
        }

        /**
         * The loader of the platform layer's classes (default: the loader of {@link Job}, which inside Quarkus
         * is Quarkus' own). Module loaders see only platform classes through it.
         */
        public Builder hostLoader(ClassLoader loader) {
            this.hostLoader = Objects.requireNonNull(loader, "hostLoader");
            return this;
        }

        /**
         * Builds the runtime; call {@link ModuletRuntime#start()} next.
         *
         * @throws IllegalStateException if a required setting is missing or the folders overlap
         */
        public ModuletRuntime build() {
            if (watchDir == null) {
                throw new IllegalStateException("watchDir is required: the folder jars are dropped into");
            }
            if (stateDir == null) {
                throw new IllegalStateException("stateDir is required: where the runtime keeps its store");
            }
            if (stateDir.startsWith(watchDir) || watchDir.startsWith(stateDir)) {
                throw new IllegalStateException("watchDir " + watchDir + " and stateDir " + stateDir
                        + " must not contain each other");
            }
            return new ModuletRuntime(new RuntimeSettings(watchDir, stateDir, settleWindow, rescanInterval, leakDeadline,
                    sharedPackages, requestGc, drainTimeout, hostLoader, stopLeftoverThreads, heapAnalysis,
                    heapAnalysisInterval, keepHeapDumps, historyVersions, jmx, name != null ? name : defaultName(watchDir)));
        }

        /** The watched folder's name, or "modulets" for a root folder. */
        private static String defaultName(Path watchDir) {
            Path fileName = watchDir.getFileName();
            return fileName == null ? "modulets" : fileName.toString();
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
