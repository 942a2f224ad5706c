package io.modulets.server;

import io.modulets.runtime.ModuletRuntime;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The server once Quarkus runs: the runtime has started (the Quarkus integration starts it at startup); this says
 * so in one line, waits for SIGTERM or SIGINT, then drains and stops the runtime ({@link Drain}) and returns the
 * exit status.
 */
public class ServerApplication implements QuarkusApplication {

    private static final Logger LOG = Logger.getLogger("io.modulets.server");

    @Inject
    ModuletRuntime runtime;

    @Override
    public int run(String... args) {
        Preflight preflight = ServerMain.preflight();
        ShutdownSignals.install(runtime::runningJobs); // before the start line: whoever saw it may send SIGTERM
        preflight.warnings().forEach(LOG::warn);
        LOG.info(startLine(preflight));
        Quarkus.waitForExit();
        if (ApplicationLifecycleManager.isVmShuttingDown()) {
            // The JVM is exiting for another reason (System.exit, SIGHUP): Quarkus' own stop drains the runtime.
            return 0;
        }
        return Drain.stop(runtime);
    }

    private static String startLine(Preflight preflight) {
        EffectiveConfig config = preflight.config();
        String jmx = preflight.jmxPort()
                .map(port -> "JMX on port " + port.port() + " for the users of " + config.server().jmxPasswordFile().orElseThrow()
                        + " (" + port.clientUrl() + ")")
                .orElse("JMX local only (same OS user, as jconsole attaches)");
        return "modulets server started (pid " + ProcessHandle.current().pid() + "): watching " + config.watchDir()
                + ", state in " + config.stateDir() + ", " + jmx + "; reach it with: modulets status --state-dir "
                + config.stateDir();
    }
}
