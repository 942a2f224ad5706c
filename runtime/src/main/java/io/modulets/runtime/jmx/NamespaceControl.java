package io.modulets.runtime.jmx;

import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.NamespaceStatus;
import java.util.Map;

/**
 * The MBean of one live namespace. It holds the namespace's description (no loader) and reads whether it is
 * current and its running jobs from the runtime when asked. Registered while the namespace is live ({@link JmxExport}).
 */
final class NamespaceControl implements NamespaceControlMXBean {

    private final ModuletRuntime runtime;
    private final NamespaceInfo info;

    NamespaceControl(ModuletRuntime runtime, NamespaceInfo info) {
        this.runtime = runtime;
        this.info = info;
    }

    @Override
    public String getId() {
        return info.id();
    }

    @Override
    public long getGeneration() {
        return info.generation();
    }

    @Override
    public Map<String, String> getModules() {
        return info.modules();
    }

    @Override
    public boolean isCurrent() {
        return runtime.current().id().equals(info.id());
    }

    @Override
    public int getRunningJobs() {
        return Boundary.call(() -> runtime.namespaces().stream()
                .filter(ns -> ns.info().id().equals(info.id()))
                .mapToInt(NamespaceStatus::runningJobs)
                .findFirst()
                .orElse(0));
    }

    @Override
    public String toString() {
        return "NamespaceControl[" + info.id() + "]";
    }
}
