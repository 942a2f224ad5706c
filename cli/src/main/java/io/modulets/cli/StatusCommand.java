package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code modulets status}: the server, its folders, its current namespace, its counts and its live namespaces. */
@Command(name = "status", description = "The server: folders, current namespace, counts, live namespaces and their jobs.")
final class StatusCommand extends ServerCommand {

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", runtime.getName());
        status.put("pid", runtime.getPid());
        status.put("watchDir", runtime.getWatchDir());
        status.put("stateDir", runtime.getStateDir());
        status.put("currentNamespace", runtime.getCurrentNamespace());
        status.put("runningJobs", runtime.getRunningJobs());
        status.put("deploys", runtime.getDeploys());
        status.put("rejections", runtime.getRejections());
        status.put("retirements", runtime.getRetirements());
        status.put("collections", runtime.getCollections());
        status.put("leakSuspects", runtime.getLeakSuspects());
        status.put("jobsSucceeded", runtime.getJobsSucceeded());
        status.put("jobsFailed", runtime.getJobsFailed());
        status.put("jobsCancelled", runtime.getJobsCancelled());
        List<Rows.NamespaceRow> namespaces = runtime.getNamespaces();
        status.put("namespaces", namespaces);
        if (out.json()) {
            out.json(status);
            return 0;
        }
        out.line(pairs(status));
        Table table = new Table("NAMESPACE", "CURRENT", "JOBS", "MODULES");
        for (Rows.NamespaceRow ns : namespaces) {
            table.row(ns.id(), ns.current() ? "yes" : "", ns.runningJobs(), ns.modules());
        }
        out.table(table, "no live namespace");
        return 0;
    }

    private static String pairs(Map<String, Object> status) {
        String[][] lines = {
            {"server", status.get("name") + " (pid " + status.get("pid") + ")"},
            {"watch dir", String.valueOf(status.get("watchDir"))},
            {"state dir", String.valueOf(status.get("stateDir"))},
            {"current", String.valueOf(status.get("currentNamespace"))},
            {"running jobs", String.valueOf(status.get("runningJobs"))},
            {"ended jobs", status.get("jobsSucceeded") + " succeeded, " + status.get("jobsFailed") + " failed, "
                    + status.get("jobsCancelled") + " cancelled"},
            {"versions", status.get("deploys") + " deploys, " + status.get("rejections") + " rejections, "
                    + status.get("retirements") + " retirements, " + status.get("collections") + " collections, "
                    + status.get("leakSuspects") + " leak suspects"},
        };
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            text.append(String.format("%-13s %s%n", line[0], line[1]));
        }
        return text.toString();
    }
}
