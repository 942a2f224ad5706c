package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modulets pin <module> <version>}: makes a version from the history current, whatever the folder holds. */
@Command(name = "pin", description = "Makes a version from the module's history current, whatever newer files the"
        + " folder holds, until `unpin`; survives a restart. Running jobs keep their versions.")
final class PinCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
    String module;

    @Parameters(index = "1", paramLabel = "VERSION",
            description = "A version from `modulets history MODULE`, or a digest prefix of at least 6 hex digits.")
    String version;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        Rows.HistoryRow pinned = runtime.pin(module, version);
        if (out.json()) {
            out.json(pinned);
        } else {
            out.line("pinned " + module + " to " + pinned.version() + " (" + Digests.brief(pinned.digest())
                    + "): new jobs run it; running jobs keep their versions; `modulets unpin " + module
                    + "` gives it back to the folder");
        }
        return 0;
    }
}
