package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.List;

/**
 * One kind of thing module code leaves behind in the JVM that keeps its loader reachable after its version
 * retired (a registered JDBC driver, an MBean, a thread it started, ...): how to undo it, and how to name it when
 * it is still there.
 *
 * <p>Both methods run on the runtime's control thread, for one loader at a time, and must not block for long.
 * They may throw; {@link Remedies} logs the failure and goes on with the next remedy.
 */
interface Remedy {

    /** What this remedy looks at, as a plural noun phrase for a sentence ("JDBC drivers"). */
    String kind();

    /**
     * Undoes what code of {@code loader} left behind, just after the loader was retired.
     *
     * @return one short phrase per thing undone, naming it concretely ("deregistered JDBC driver org.h2.Driver");
     *     empty if there was nothing to undo
     */
    List<String> undo(ModuleClassLoader loader);

    /**
     * Names what of this kind still holds {@code loader}, long after its retirement (it was not collected by the
     * leak deadline): what could not be undone, or was left behind again after {@link #undo}.
     *
     * @return one phrase per holder, concrete enough to find it in code ("thread 'poller' (platform, RUNNABLE) at
     *     com.acme.Poller.run(Poller.java:12)"); empty if this kind holds nothing
     */
    default List<String> holders(ModuleClassLoader loader) {
        return List.of();
    }
}
