package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code modulets jobs}: the running jobs, then the last ones that ended. For a person, a job of a live namespace shows
 * the namespace with its versions ({@code ns-2{app=1@1f2e3d4c5b6a}}), so the table says which build each job runs.
 */
@Command(name = "jobs", description = "The running jobs, then the last ones that ended: module, class, namespace"
        + " (its versions), state, times, and a failed job's cause.")
final class JobsCommand extends ServerCommand {

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        List<Rows.JobRow> jobs = runtime.getJobs();
        if (out.json()) {
            out.json(jobs);
            return 0;
        }
        Map<String, String> versions = new HashMap<>();
        for (Rows.NamespaceRow ns : runtime.getNamespaces()) {
            versions.put(ns.id(), ns.modules());
        }
        Table table = new Table("JOB", "MODULE", "CLASS", "NAMESPACE", "STATE", "STARTED", "ENDED", "FAILURE");
        for (Rows.JobRow j : jobs) {
            table.row(j.id(), j.module(), j.jobClass(), versions.getOrDefault(j.namespace(), j.namespace()), j.state(),
                    out.times().format(j.started()),
                    out.times().format(j.ended()), j.failure());
        }
        out.table(table, "no job has run yet");
        return 0;
    }
}
