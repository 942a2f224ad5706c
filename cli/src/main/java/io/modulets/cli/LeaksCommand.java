package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code modulets leaks}: retired versions whose class loader the JVM has not collected in time. */
@Command(name = "leaks", description = "The outstanding leak suspects: retired versions the JVM has not collected"
        + " within the leak deadline, with what holds them.")
final class LeaksCommand extends ServerCommand {

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        List<Rows.LeakRow> leaks = runtime.getLeaks();
        if (out.json()) {
            out.json(leaks);
            return 0;
        }
        Table table = new Table("MODULE", "VERSION", "SUSPECTED", "RETIRED FOR", "CAUSE");
        for (Rows.LeakRow l : leaks) {
            table.row(l.module(), l.version(), out.times().format(l.suspectedAt()),
                    Times.duration(Duration.ofSeconds(l.secondsSinceRetired())), l.cause());
        }
        out.table(table, "no leak suspect: every retired version was collected or is within its deadline");
        return 0;
    }
}
