package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modulets submit <module> <class> [key=value...] [--wait] [--timeout=5m]}: starts a job in the current
 * namespace. Without {@code --wait} it prints the job's id; with it, the job's result (exit 0) or why it did not
 * succeed (exit 1: failed, cancelled, or still running at the timeout, when it goes on running).
 */
@Command(name = "submit", description = "Starts a job in the current namespace and prints its id; with --wait,"
        + " waits and prints its result (exit 0) or its failure (exit 1).")
final class SubmitCommand extends ServerCommand {

    /** How long one wait on the server lasts at most, so that a long wait is many short calls. */
    private static final Duration ROUND = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "MODULE", description = "The module the job class is in.")
    String module;

    @Parameters(index = "1", paramLabel = "CLASS", description = "The job's class, by binary name (com.acme.Report).")
    String jobClass;

    @Parameters(index = "2..*", paramLabel = "KEY=VALUE", description = "The job's arguments.")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(names = "--wait", description = "Wait for the job to end and print its result.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long --wait waits (500ms, 30s, 5m, 2h; default 5m); the job goes on after it.")
    Duration timeout;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        String id = runtime.submit(module, jobClass, args);
        if (!await) {
            if (out.json()) {
                out.json(runtime.job(id));
            } else {
                out.line(id);
            }
            return 0;
        }
        Rows.JobRow job = awaitEnd(runtime, id);
        if (out.json()) {
            out.json(job);
        } else if (job.state().equals("SUCCEEDED")) {
            out.line(job.result());
        }
        return switch (job.state()) {
            case "SUCCEEDED" -> 0;
            case "RUNNING", "CANCELLING" -> {
                out.error(id + " (" + jobClass + ") is still " + job.state() + " after " + Times.duration(timeout)
                        + ": it goes on; cancel it with `modulets cancel " + id + "`");
                yield 1;
            }
            case "CANCELLED" -> {
                out.error(id + " (" + jobClass + ") was cancelled");
                yield 1;
            }
            case "TIMED_OUT" -> {
                out.error(id + " (" + jobClass + ") timed out" + cause(job));
                yield 1;
            }
            default -> {
                out.error(id + " (" + jobClass + ") failed" + cause(job));
                yield 1;
            }
        };
    }

    private Rows.JobRow awaitEnd(RuntimeControlMXBean runtime, String id) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Rows.JobRow job;
        do {
            long left = Math.max(0, deadline - System.nanoTime());
            job = runtime.awaitJob(id, Duration.ofNanos(Math.min(left, ROUND.toNanos())).toMillis());
        } while (!ended(job) && System.nanoTime() < deadline);
        return job;
    }

    static boolean ended(Rows.JobRow job) {
        return !job.state().equals("RUNNING") && !job.state().equals("CANCELLING");
    }

    private static String cause(Rows.JobRow job) {
        return job.failure() == null || job.failure().isEmpty() ? "" : ": " + job.failure();
    }
}
