package io.modulets.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server checks and takes before Quarkus and the runtime start, so that a refusal starts nothing: the
 * settings from every source, the folders (made if missing), who may write to the watched folder, the state
 * folder's lock and the JMX port. Then it hands the command line's settings to Quarkus as system properties, with
 * the folders made absolute, so the runtime runs with what was checked.
 *
 * @param config the settings
 * @param warnings lines for the log once logging runs (a folder that cannot be checked, an override used)
 * @param lock the state folder's lock, held until the process ends
 * @param jmxPort the network JMX port, if one was asked for
 */
record Preflight(EffectiveConfig config, List<String> warnings, StateDirLock lock, Optional<JmxPort> jmxPort) {

    /**
     * Checks and takes everything, in order.
     *
     * @param commandLine the keys and values the options gave
     * @throws StartupRefused with the one line to print, if any check fails
     */
    static Preflight run(Map<String, String> commandLine) throws StartupRefused {
        EffectiveConfig config = EffectiveConfig.read(commandLine);
        List<String> warnings = new ArrayList<>();
        makeFolder(config.watchDir(), "watch");
        makeFolder(config.stateDir(), "state");
        WatchDirCheck.check(config.watchDir(), config.server().allowWritableWatchDir()).warning().ifPresent(warnings::add);
        StateDirLock lock = StateDirLock.take(config.stateDir());
        Optional<JmxPort> jmxPort = Optional.empty();
        if (config.server().jmxPort().isPresent()) {
            jmxPort = Optional.of(JmxPort.open(config.server().jmxPort().get(), config.server().jmxPasswordFile()));
        } else if (config.server().jmxPasswordFile().isPresent()) {
            warnings.add("--jmx-password-file is ignored without --jmx-port: JMX is local only (same OS user)");
        }
        commandLine.forEach(System::setProperty);
        System.setProperty(ServerOptions.RUNTIME_PREFIX + ".watch-dir", config.watchDir().toString());
        System.setProperty(ServerOptions.RUNTIME_PREFIX + ".state-dir", config.stateDir().toString());
        return new Preflight(config, List.copyOf(warnings), lock, jmxPort);
    }

    private static void makeFolder(Path dir, String which) throws StartupRefused {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupRefused("cannot make the " + which + " folder " + dir + ": " + e
                    + "; give another --" + which + "-dir");
        }
    }
}
