package io.modulets.runtime;

import io.modulets.api.NamespaceInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the runtime reports through {@link ModuletRuntime#events()}: a closed set of immutable records. Each
 * user-visible one (deployed, rejected, removed, retired, collected, leak suspected) also appears as one INFO
 * or WARN log line.
 */
public sealed interface RuntimeEvent {

    /** When the event happened. */
    Instant at();

    /**
     * A module version became part of a new current namespace.
     *
     * @param digest the SHA-256 (lower-case hex) of the jar: two builds with the same version are different code
     * @param file the watched file it came from, or null when it is held from the store
     */
    record Deployed(Instant at, String module, String version, String digest, Path file, NamespaceInfo namespace)
            implements RuntimeEvent {
    }

    /** A jar was not accepted; the current namespace is unchanged. {@code reason} says why and how to fix it. */
    record Rejected(Instant at, Path file, String reason) implements RuntimeEvent {
    }

    /** A module left the current namespace because its last file left the folder. */
    record Removed(Instant at, String module, String version, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /**
     * A namespace that is not current lost its last lease and was retired. Not reported for a namespace without
     * modules (such as the empty one a runtime begins with): no job can bind one, so nothing was retired.
     */
    record Retired(Instant at, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /**
     * No live namespace uses the class loader of a module version any more. The loader keeps serving the classes
     * of objects still held; the reaper now watches for the JVM to collect it, and then closes its file.
     *
     * @param undone what the runtime undid of what the version's code left behind in the JVM, one phrase each
     *     ("deregistered JDBC driver org.h2.Driver", "interrupted thread 'poller'"), each also one INFO line
     */
    record LoaderRetired(Instant at, String module, String version, List<String> undone) implements RuntimeEvent {
        public LoaderRetired {
            undone = List.copyOf(undone);
        }

        /** A retirement that undid nothing. */
        public LoaderRetired(Instant at, String module, String version) {
            this(at, module, version, List.of());
        }
    }

    /**
     * The JVM collected a retired module version's class loader, and with it its classes. Also reported after a
     * {@link LeakSuspected} of the same loader, if whatever held it lets go later.
     *
     * @param suspectedBefore whether a {@link LeakSuspected} was reported for this loader first
     * @param loader the class loader's name ({@code module@version#serial}): which of two loaders of one version (rule 7
     *     re-creates a group's loaders) this was, as in its {@link LeakSuspected}; null when not known
     */
    record Collected(Instant at, String module, String version, Duration afterRetire, boolean suspectedBefore,
            String loader) implements RuntimeEvent {

        /** A collection, without the loader's name. */
        public Collected(Instant at, String module, String version, Duration afterRetire, boolean suspectedBefore) {
            this(at, module, version, afterRetire, suspectedBefore, null);
        }

        /** A collection within the leak deadline. */
        public Collected(Instant at, String module, String version, Duration afterRetire) {
            this(at, module, version, afterRetire, false, null);
        }
    }

    /**
     * A retired module version's class loader was still reachable after the leak deadline. The reaper goes on
     * watching it and reports {@link Collected} if it is collected later.
     *
     * @param cause names what holds it, concretely: each holder the runtime found (a thread with its top frames,
     *     a JDBC driver, an MBean's ObjectName, a static field of a library module), or, when it found none,
     *     what it looked at
     * @param heapPath when heap analysis is on: the shortest strong path from a GC root to the loader, as
     *     {@code Class.field} steps, root first; else empty
     * @param loader the class loader's name ({@code module@version#serial}), as in the {@link Collected} that may
     *     follow; null when not known
     */
    record LeakSuspected(Instant at, String module, String version, Duration afterRetire, String cause,
            List<String> heapPath, String loader) implements RuntimeEvent {
        public LeakSuspected {
            heapPath = List.copyOf(heapPath);
        }

        /** A suspect without the loader's name. */
        public LeakSuspected(Instant at, String module, String version, Duration afterRetire, String cause,
                List<String> heapPath) {
            this(at, module, version, afterRetire, cause, heapPath, null);
        }

        /** A suspect without heap analysis. */
        public LeakSuspected(Instant at, String module, String version, Duration afterRetire, String cause) {
            this(at, module, version, afterRetire, cause, List.of(), null);
        }
    }

    /** A job was bound to {@code namespace} and started. */
    record JobStarted(Instant at, String jobId, String jobClass, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /**
     * A job ended (its body and every worker) and gave its lease back.
     *
     * @param failure for a job that failed or timed out, its cause's first line
     *     ({@code java.lang.IllegalStateException: no such order}); else null. A line rather than the exception,
     *     so that an event kept by a subscriber keeps no module class in memory; the exception itself is the
     *     failure of the job's {@code result()}.
     */
    record JobEnded(Instant at, String jobId, NamespaceInfo namespace, JobOutcome outcome, String failure)
            implements RuntimeEvent {

        /** A job's end with no failure to tell. */
        public JobEnded(Instant at, String jobId, NamespaceInfo namespace, JobOutcome outcome) {
            this(at, jobId, namespace, outcome, null);
        }
    }

    /**
     * An operator pinned a version from the history ({@link ModuletRuntime#pin}, {@link ModuletRuntime#rollback}):
     * it is the module's current version whatever the folder holds, until unpinned. Running jobs are untouched.
     *
     * @param rollback whether it was a rollback (the version current before)
     */
    record Pinned(Instant at, String module, String version, String digest, boolean rollback) implements RuntimeEvent {
    }

    /** An operator unpinned a module ({@link ModuletRuntime#unpin}): the folder decides its version again. */
    record Unpinned(Instant at, String module, String version) implements RuntimeEvent {
    }

    /** How a job ended. */
    enum JobOutcome {
        SUCCEEDED, FAILED, CANCELLED, TIMED_OUT
    }
}
