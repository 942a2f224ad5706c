package io.modulets.cli;

import io.modulets.runtime.jmx.Rows;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code modulets cancel <job>}: interrupts a running job and its workers, and waits a little for it to end. Exit 1 if
 * the job had already ended.
 */
@Command(name = "cancel", description = "Cancels a running job (interrupts it and its workers); exit 1 if it had"
        + " already ended.")
final class CancelCommand extends ServerCommand {

    /** How long it waits for the cancelled job to end before saying it is still ending. */
    private static final Duration END_WAIT = Duration.ofSeconds(10);

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id (job-3), as `modulets jobs` shows it.")
    String job;

    @Override
    int run(RuntimeControlMXBean runtime, Output out) {
        boolean cancelled = runtime.cancel(job);
        Rows.JobRow row = cancelled ? runtime.awaitJob(job, END_WAIT.toMillis()) : runtime.job(job);
        if (out.json()) {
            out.json(row);
        } else if (cancelled && SubmitCommand.ended(row)) {
            out.line("cancelled " + job + " (" + row.jobClass() + " in " + row.namespace() + "): " + row.state());
        } else if (cancelled) {
            out.line("asked " + job + " to stop; it is still " + row.state() + " after " + Times.duration(END_WAIT)
                    + " (its code does not answer interrupts)");
        }
        if (!cancelled) {
            out.error(job + " had already ended (" + row.state() + "): nothing to cancel");
            return 1;
        }
        return 0;
    }
}
