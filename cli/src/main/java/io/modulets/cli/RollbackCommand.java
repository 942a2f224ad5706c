package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modulets rollback <module>}: pins the version that was current before the current one. */
@Command(name = "rollback", description = "Pins the version that was current before the current one (again: one"
        + " further back). Running jobs keep their versions.")
final class RollbackCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
    String module;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        Rows.HistoryRow pinned = runtime.rollback(module);
        if (out.json()) {
            out.json(pinned);
        } else {
            out.line("rolled " + module + " back to " + pinned.version() + " (" + Digests.brief(pinned.digest())
                    + "), pinned: new jobs run it; running jobs keep their versions; `modulets unpin " + module
                    + "` gives it back to the folder");
        }
        return 0;
    }
}
