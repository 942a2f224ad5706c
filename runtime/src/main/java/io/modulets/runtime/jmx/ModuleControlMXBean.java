package io.modulets.runtime.jmx;

import java.util.List;

/** One module of the current namespace: {@code io.modulets:type=Module,runtime=<runtime name>,name=<module>}. */
public interface ModuleControlMXBean {

    String getName();

    String getCurrentVersion();

    String getDigest();

    boolean isPinned();

    /** Its versions live namespaces hold, as {@code "<version> in ns-2,ns-3"}, oldest first. */
    List<String> getLiveVersions();

    /** Every version in its history, as {@code "<version> <short digest> <state>"}, oldest first. */
    List<String> getVersions();

    int getRunningJobs();

    Rows.HistoryRow pin(String version);

    boolean unpin();

    Rows.HistoryRow rollback();
}
