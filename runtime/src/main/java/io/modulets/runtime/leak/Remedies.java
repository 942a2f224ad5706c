package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The remedies the reaper applies to each loader it retires (rule 10): each undoes one kind of thing module code
 * leaves behind in the JVM, and names it when it is still there at the leak deadline.
 *
 * <p>A remedy that fails is logged (WARN, naming it) and the others still run: one broken remedy must not leave
 * the rest undone, nor stop the reaper.
 */
public final class Remedies {

    private static final Logger LOG = Logger.getLogger("io.modulets.reaper");

    private final List<Remedy> remedies;

    private Remedies(List<Remedy> remedies) {
        this.remedies = List.copyOf(remedies);
    }

    /** No remedies: retirement undoes nothing and names nothing (for tests of the reaper alone). */
    public static Remedies none() {
        return new Remedies(List.of());
    }

    /**
     * Every remedy the runtime has, in the order they run: registries first (they need nothing stopped), then
     * threads (stopping one may run its code's cleanup, which may deregister more), then what threads held.
     *
     * @param access what the JVM opened to the runtime
     * @param stopThreads whether threads that run a retired loader's code are interrupted, and the pools and
     *     timers behind them shut down; when false they are only named
     * @param liveLoaders the loaders of the live namespaces (whose static fields may hold a retired one)
     */
    public static Remedies standard(JdkAccess access, boolean stopThreads,
            Supplier<? extends Collection<ModuleClassLoader>> liveLoaders) {
        List<Remedy> all = new ArrayList<>(List.of(new JdbcDrivers(), new PlatformMBeans(), new JulHandlers(),
                new SecurityProviders(), new DefaultExceptionHandler(), new SystemProperties(), new MutinyHooks(),
                new SoftCaches()));
        all.add(new LeftoverThreads(access, stopThreads));
        all.add(new ShutdownHooks(access));
        all.add(new ThreadLocals(access));
        all.add(new StaticHolders(liveLoaders, ClassInitialization.of(access)));
        return new Remedies(all);
    }

    /** As {@link #standard}, with {@code remedies} only (for tests). */
    static Remedies of(List<Remedy> remedies) {
        return new Remedies(remedies);
    }

    /**
     * Undoes what code of {@code loader}, just retired, left behind.
     *
     * @return one phrase per thing undone, in the order undone
     */
    public List<String> undo(ModuleClassLoader loader) {
        return fromEach(remedy -> remedy.undo(loader), "undoing %s for retired %s failed; the other remedies still run", loader);
    }

    /**
     * Names what still holds {@code loader}, retired and not collected by the leak deadline.
     *
     * @return one phrase per holder found; empty if no remedy can name one
     */
    public List<String> holders(ModuleClassLoader loader) {
        return fromEach(remedy -> remedy.holders(loader), "looking for %s holding retired %s failed", loader);
    }

    /**
     * What {@code step} gives for each remedy, in order; a remedy that fails is logged with {@code failure} (its
     * name, then the module) and skipped.
     */
    private List<String> fromEach(Function<Remedy, List<String>> step, String failure, ModuleClassLoader loader) {
        List<String> phrases = new ArrayList<>();
        for (Remedy remedy : remedies) {
            try {
                phrases.addAll(step.apply(remedy));
            } catch (RuntimeException | LinkageError e) {
                LOG.warnf(e, failure, name(remedy), loader.module());
            }
        }
        return phrases;
    }

    /** What the remedies look at, as a phrase ("JDBC drivers, MBeans, threads (platform and virtual)"). */
    public String looksAt() {
        List<String> kinds = new ArrayList<>();
        remedies.forEach(remedy -> kinds.add(remedy.kind()));
        return kinds.isEmpty() ? "nothing: no remedy is on" : String.join(", ", kinds);
    }

    private static String name(Remedy remedy) {
        return remedy.getClass().getSimpleName();
    }
}
