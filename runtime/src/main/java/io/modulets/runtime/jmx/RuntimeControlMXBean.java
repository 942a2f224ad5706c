package io.modulets.runtime.jmx;

import java.util.List;
import java.util.Map;

/**
 * The runtime as JMX shows it: {@code io.modulets:type=Runtime,name=<runtime name>}. Every value is an open type, so
 * jconsole shows it and a client needs none of the runtime's classes (a proxy from {@code JMX.newMXBeanProxy} with
 * this interface reads the rows back as records). Times are ISO-8601 instants as text.
 *
 * <p>Operations throw {@link IllegalArgumentException} with a one-line message for an unknown module, version or
 * job, as {@link io.modulets.runtime.ModuletRuntime} does.
 */
public interface RuntimeControlMXBean {

    /** The runtime's name, as in its ObjectName. */
    String getName();

    String getWatchDir();

    String getStateDir();

    /** The process id of the JVM the runtime runs in. */
    long getPid();

    /** The current namespace, as {@code NamespaceInfo.toString()}: {@code ns-3{app=2@1f2e3d4c5b6a}}. */
    String getCurrentNamespace();

    /** The ids of the live namespaces, oldest first. */
    List<String> getLiveNamespaces();

    int getRunningJobs();

    long getDeploys();

    long getRejections();

    long getRetirements();

    long getCollections();

    long getLeakSuspects();

    long getJobsSucceeded();

    long getJobsFailed();

    long getJobsCancelled();

    /** Every module of the current namespace. */
    List<Rows.ModuleRow> getModules();

    /** The live namespaces, oldest first. */
    List<Rows.NamespaceRow> getNamespaces();

    /** Running jobs, then the last ended ones. */
    List<Rows.JobRow> getJobs();

    /** The outstanding leak suspects. */
    List<Rows.LeakRow> getLeaks();

    /** Every version of {@code module} the runtime accepted, oldest first. */
    List<Rows.HistoryRow> history(String module);

    /** {@link io.modulets.runtime.ModuletRuntime#pin}; returns the pinned version's row. */
    Rows.HistoryRow pin(String module, String version);

    /** {@link io.modulets.runtime.ModuletRuntime#unpin}; whether it was pinned. */
    boolean unpin(String module);

    /** {@link io.modulets.runtime.ModuletRuntime#rollback}; returns the pinned version's row. */
    Rows.HistoryRow rollback(String module);

    /** Submits a job; returns its id. */
    String submit(String module, String jobClass, Map<String, String> args);

    /** The job's row, or an {@link IllegalArgumentException} if the runtime knows no such job. */
    Rows.JobRow job(String jobId);

    /**
     * Waits up to {@code timeoutMillis} for the job to end and returns its row (still running if it did not);
     * the row's result is set for a job submitted through JMX that succeeded.
     */
    Rows.JobRow awaitJob(String jobId, long timeoutMillis);

    /** Cancels a running job; false if it had already ended. */
    boolean cancel(String jobId);

    /** Lists the watched folder now. */
    void rescan();
}
