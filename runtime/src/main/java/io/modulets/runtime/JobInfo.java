package io.modulets.runtime;

import io.modulets.api.NamespaceInfo;
import java.time.Instant;

/**
 * One job as {@link ModuletRuntime#jobs()} shows it: a snapshot that holds no class loader and no result, so keeping
 * it keeps no module code in memory.
 *
 * @param id the job's id, as {@link io.modulets.api.JobHandle#id()}
 * @param module the module its class comes from
 * @param jobClass the job's class, by binary name
 * @param namespace the namespace it is bound to
 * @param started when it was submitted
 * @param state where it is now
 * @param ended when it ended, or null while it runs
 * @param failure for a failed or timed-out job, the first line of its cause ({@code java.lang.IllegalStateException:
 *     no such order}); else null
 */
public record JobInfo(String id, String module, String jobClass, NamespaceInfo namespace, Instant started,
        JobState state, Instant ended, String failure) {
}
