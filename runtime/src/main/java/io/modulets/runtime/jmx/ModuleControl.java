package io.modulets.runtime.jmx;

import io.modulets.runtime.ModuleStatus;
import io.modulets.runtime.ModuletRuntime;
import java.util.List;

/**
 * The MBean of one module of the current namespace. It holds the module's name only; each attribute reads the
 * runtime's views when asked. Registered while the module is in the current namespace ({@link JmxExport}).
 */
final class ModuleControl implements ModuleControlMXBean {

    private final ModuletRuntime runtime;
    private final String name;

    ModuleControl(ModuletRuntime runtime, String name) {
        this.runtime = runtime;
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getCurrentVersion() {
        return status().version();
    }

    @Override
    public String getDigest() {
        return status().digest();
    }

    @Override
    public boolean isPinned() {
        return status().pinned();
    }

    @Override
    public List<String> getLiveVersions() {
        return RowsOf.liveVersions(status());
    }

    @Override
    public List<String> getVersions() {
        return Boundary.call(() -> runtime.history(name).stream().map(RowsOf::historyLine).toList());
    }

    @Override
    public int getRunningJobs() {
        return Boundary.call(() -> (int) runtime.jobs().stream()
                .filter(job -> job.module().equals(name) && !job.state().ended())
                .count());
    }

    @Override
    public Rows.HistoryRow pin(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version is required");
        }
        return Boundary.call(() -> RowsOf.history(runtime.pin(name, version)));
    }

    @Override
    public boolean unpin() {
        return Boundary.call(() -> runtime.unpin(name));
    }

    @Override
    public Rows.HistoryRow rollback() {
        return Boundary.call(() -> RowsOf.history(runtime.rollback(name)));
    }

    private ModuleStatus status() {
        return Boundary.call(() -> runtime.modules().stream()
                .filter(module -> module.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("module " + name
                        + " is no longer in the current namespace " + runtime.current().id() + "; its MBean leaves next")));
    }

    @Override
    public String toString() {
        return "ModuleControl[" + name + "]";
    }
}
