package io.modulets.cli;

import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A subcommand that talks to the server: it connects (see {@link ServerConnection}), runs, and disconnects. A failure
 * of the server's operation (an unknown module or job) reaches {@link Main} as the runtime's exception, through JMX.
 */
abstract class ServerCommand implements Callable<Integer> {

    @ParentCommand
    ModuletsCommand top;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), top.json, Times.local());
        try (ServerConnection connection = ServerConnection.open(top.stateDir())) {
            return run(connection.runtime(), output);
        }
    }

    /** Does the command's work; returns its exit code. */
    abstract int run(RuntimeControlMXBean runtime, Output out);
}
