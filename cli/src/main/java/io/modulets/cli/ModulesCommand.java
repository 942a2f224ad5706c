package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code modulets modules}: each module of the current namespace, its version and digest, and its versions alive. */
@Command(name = "modules", description = "Each module of the current namespace: current version, digest, pin,"
        + " and the versions live namespaces still hold.")
final class ModulesCommand extends ServerCommand {

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        List<Rows.ModuleRow> modules = runtime.getModules();
        if (out.json()) {
            out.json(modules);
            return 0;
        }
        Table table = new Table("MODULE", "VERSION", "DIGEST", "PINNED", "LIVE");
        for (Rows.ModuleRow m : modules) {
            table.row(m.name(), m.version(), Digests.brief(m.digest()), m.pinned() ? "pinned" : "",
                    String.join("; ", m.live()));
        }
        out.table(table, "no module: the watched folder " + runtime.getWatchDir() + " holds none yet");
        return 0;
    }
}
