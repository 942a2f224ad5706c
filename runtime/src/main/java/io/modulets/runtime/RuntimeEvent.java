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

    /** A module version became part of a new current namespace. */
    record Deployed(Instant at, String module, String version, Path file, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /** A jar was not accepted; the current namespace is unchanged. {@code reason} says why and how to fix it. */
    record Rejected(Instant at, Path file, String reason) implements RuntimeEvent {
    }

    /** A module left the current namespace because its last file left the folder. */
    record Removed(Instant at, String module, String version, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /** A namespace that is not current lost its last lease and was retired. */
    record Retired(Instant at, NamespaceInfo namespace) implements RuntimeEvent {
    }

    /** The class loader of a module version was closed after its last namespace was retired. */
    record LoaderClosed(Instant at, String module, String version) implements RuntimeEvent {
    }

    /** The JVM collected a retired module version's class loader, and with it its classes. */
    record Collected(Instant at, String module, String version, Duration afterClose) implements RuntimeEvent {
    }

    /**
     * A retired module version's class loader was still reachable after the leak deadline. {@code cause}
     * names what the runtime could find holding it, or says that it could name nothing.
     */
    record LeakSuspected(Instant at, String module, String version, Duration afterClose, String cause) implements RuntimeEvent {
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
