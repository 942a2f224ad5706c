package io.modulets.runtime.jmx;

import java.util.Map;

/** One live namespace: {@code io.modulets:type=Namespace,runtime=<runtime name>,name=<namespace id>}. */
public interface NamespaceControlMXBean {

    String getId();

    long getGeneration();

    /** Module name to version. */
    Map<String, String> getModules();

    boolean isCurrent();

    int getRunningJobs();
}
