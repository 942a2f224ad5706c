package io.modulets.runtime;

/**
 * What a runtime has done since it started, as {@link ModuletRuntime#counts()} tells it.
 *
 * @param deploys module versions deployed ({@code Deployed} events)
 * @param rejections jars rejected
 * @param retirements module loaders retired
 * @param collections retired loaders the JVM collected
 * @param leakSuspects leak suspects reported (a loader suspected and collected later counts in both)
 * @param jobsSucceeded jobs that ended with a result
 * @param jobsFailed jobs that failed or timed out
 * @param jobsCancelled jobs that were cancelled
 */
public record RuntimeCounts(long deploys, long rejections, long retirements, long collections, long leakSuspects,
        long jobsSucceeded, long jobsFailed, long jobsCancelled) {
}
