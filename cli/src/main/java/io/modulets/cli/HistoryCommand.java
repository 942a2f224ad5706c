package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code modulets history <module>}: every version of a module the server accepted, oldest first. */
@Command(name = "history", description = "Every version of a module the server accepted, oldest first: digest,"
        + " state (CURRENT, ALIVE, RETIRED, REMOVED), live namespaces, pin, arrival and file.")
final class HistoryCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module's name.")
    String module;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        List<Rows.HistoryRow> history = runtime.history(module);
        if (out.json()) {
            out.json(history);
            return 0;
        }
        Table table = new Table("VERSION", "DIGEST", "STATE", "NAMESPACES", "PINNED", "ARRIVED", "FILE");
        for (Rows.HistoryRow h : history) {
            table.row(h.version(), Digests.brief(h.digest()), h.state(), h.liveNamespaces(), h.pinned() ? "pinned" : "",
                    out.times().format(h.arrived()), h.source());
        }
        out.table(table, "no version of " + module);
        return 0;
    }
}
