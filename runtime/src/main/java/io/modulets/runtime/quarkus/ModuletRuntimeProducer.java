package io.modulets.runtime.quarkus;

import io.modulets.runtime.ModuletRuntime;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Makes the runtime injectable ({@code @Inject ModuletRuntime}) in a Quarkus application: built from
 * {@link ModuletsConfig}, started (the folder deployed) when the application starts, drained and closed when
 * it stops.
 */
@ApplicationScoped
public class ModuletRuntimeProducer {

    /** The application's one runtime, built from {@code modulets.*} configuration. */
    @Produces
    @Singleton
    ModuletRuntime runtime(ModuletsConfig config) {
        ModuletRuntime.Builder builder = ModuletRuntime.builder()
                .watchDir(Path.of(config.watchDir()))
                .stateDir(Path.of(config.stateDir()))
                .settleWindow(config.settleWindow())
                .rescanInterval(config.rescanInterval())
                .leakDeadline(config.leakDeadline())
                .drainTimeout(config.drainTimeout())
                .requestGcForVerification(config.requestGcForVerification())
                .stopLeftoverThreads(config.stopLeftoverThreads())
                .heapAnalysis(config.heapAnalysis())
                .heapAnalysisInterval(config.heapAnalysisInterval())
                .keepHeapDumps(config.keepHeapDumps())
                .historyVersions(config.historyVersions())
                .jmx(config.jmx());
        config.sharedPackages().ifPresent(packages -> packages.forEach(builder::sharedPackage));
        config.name().ifPresent(builder::name);
        return builder.build();
    }

    void start(@Observes StartupEvent event, ModuletRuntime runtime) {
        runtime.start();
    }

    void stop(@Observes ShutdownEvent event, ModuletRuntime runtime) {
        runtime.close();
    }
}
