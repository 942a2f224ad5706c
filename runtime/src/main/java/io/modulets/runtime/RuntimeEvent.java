package io.modulets.runtime;

import io.modulets.api.NamespaceInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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
     */
    record LoaderRetired(Instant at, String module, String version) implements RuntimeEvent {
    }

    /**
     * The JVM collected a retired module version's class loader, and with it its classes. Also reported after a
     * {@link LeakSuspected} of the same loader, if whatever held it lets go later.
     */
    record Collected(Instant at, String module, String version, Duration afterRetire) implements RuntimeEvent {
    }

    /**
     * A retired module version's class loader was still reachable after the leak deadline. {@code cause}
     * names what the runtime could find holding it, or says that it could name nothing. The reaper goes on
     * watching it and reports {@link Collected} if it is collected later.
     */
    record LeakSuspected(Instant at, String module, String version, Duration afterRetire, String cause) implements RuntimeEvent {
    }

    /** A job was bound to {@code namespace} and started. */
    record JobStarted(Instant at, String jobId, String jobClass, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /** A job ended (its body and every worker) and gave its lease back. */
    record JobEnded(Instant at, String jobId, NamespaceInfo namespace, JobOutcome outcome) implements RuntimeEvent {
    }

    /** How a job ended. */
    enum JobOutcome {
        SUCCEEDED, FAILED, CANCELLED, TIMED_OUT
    }
}
