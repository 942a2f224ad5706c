package io.modulets.runtime.namespace;

import io.modulets.api.JobSubmissionException;
import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.module.ModuleVersion;
import java.util.Collection;
import java.util.Map;

/**
 * An immutable snapshot {module name -> version} with the loaders that serve it, and its lease count (a
 * {@link LeaseCount}: no lease can be taken on a namespace that is being retired, and retirement happens
 * exactly once).
 */
public final class Namespace {

    private final NamespaceInfo info;
    private final Map<String, ModuleVersion> modules;
    private final Map<String, ModuleClassLoader> loaders;
    private final LeaseCount leases = new LeaseCount();

    Namespace(long generation, Map<String, ModuleVersion> modules, Map<String, ModuleClassLoader> loaders) {
        this.modules = Map.copyOf(modules);
        this.loaders = Map.copyOf(loaders);
        Map<String, String> versions = new java.util.TreeMap<>();
        Map<String, String> digests = new java.util.TreeMap<>();
        modules.forEach((name, module) -> {
            versions.put(name, module.version());
            digests.put(name, module.digest());
        });
        this.info = new NamespaceInfo("ns-" + generation, generation, versions, digests);
    }

    public NamespaceInfo info() {
        return info;
    }

    public long generation() {
        return info.generation();
    }

    /** Module name -> accepted version. */
    public Map<String, ModuleVersion> modules() {
        return modules;
    }

    /** The loaders of this namespace, one per module. */
    public Collection<ModuleClassLoader> loaders() {
        return loaders.values();
    }

    /** The loader of {@code module}, or null. */
    public ModuleClassLoader loader(String module) {
        return loaders.get(module);
    }

    /**
     * The job class {@code className} as module {@code module} sees it in this namespace (not checked to be a
     * job: that is the job package's business).
     *
     * @throws JobSubmissionException naming the module, namespace and class if either is missing or the class
     *     cannot be loaded; the cause keeps the type of a linkage error
     */
    public Class<?> jobClass(String module, String className) {
        ModuleClassLoader loader = loaders.get(module);
        if (loader == null) {
            throw new JobSubmissionException("no module named '" + module + "' in the current namespace " + info.id()
                    + " (modules: " + (info.modules().isEmpty() ? "none" : info.modules()) + ")");
        }
        try {
            return loader.entryClass(className);
        } catch (ClassNotFoundException e) {
            throw new JobSubmissionException("no job class '" + className + "' in module " + loader.module()
                    + " (namespace " + info.id() + ")", e);
        } catch (LinkageError e) { // the class is there but cannot be defined: its message names the module already
            throw new JobSubmissionException("job class '" + className + "' cannot be loaded (namespace " + info.id()
                    + "): " + e.getMessage(), e);
        }
    }

    boolean tryLease(int stripe) {
        return leases.tryLease(stripe);
    }

    /** Gives back a lease taken on {@code stripe}. */
    void release(int stripe) {
        try {
            leases.release(stripe);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": " + info.id(), e);
        }
    }

    boolean tryRetire() {
        return leases.tryRetire();
    }

    /** Whether the namespace has been retired. */
    public boolean isRetired() {
        return leases.isRetired();
    }

    /** The number of leases held now (0 when retired). */
    public int leaseCount() {
        return leases.held();
    }

    @Override
    public String toString() {
        return info.toString();
    }
}
