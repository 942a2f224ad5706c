package io.modulets.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code modulets}: the top command, holding the options every subcommand shares (given before or after the
 * subcommand's name). Alone it prints its usage and exits 2.
 */
@Command(name = "modulets", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Version.class,
        description = "Operates the Modulets server of a state folder on this machine, through its local JMX connector.",
        subcommands = {StatusCommand.class, ModulesCommand.class, HistoryCommand.class, JobsCommand.class,
                SubmitCommand.class, CancelCommand.class, PinCommand.class, UnpinCommand.class, RollbackCommand.class,
                LeaksCommand.class},
        footer = {"", "Exit codes: 0 done; 1 failed (no server, an unknown module or job, a job that did not succeed);"
                + " 2 usage error."})
final class ModuletsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            defaultValue = "${env:MODULETS_STATE_DIR:-modulets-state}",
            description = "The server's state folder (default: $MODULETS_STATE_DIR, else ./modulets-state).")
    Path stateDir;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON for a script instead of a table for a person.")
    boolean json;

    /** The state folder, absolute. */
    Path stateDir() {
        return stateDir.toAbsolutePath().normalize();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
