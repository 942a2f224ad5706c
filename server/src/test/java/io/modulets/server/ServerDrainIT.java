package io.modulets.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as {@code Process.destroy()} sends it, while a job runs: the job gets the drain timeout, is cancelled
 * after it, and the exit status says whether every job ended. Jobs are submitted through JMX, attached as jconsole
 * does; they hold until the test creates a file.
 */
class ServerDrainIT {

    @TempDir
    Path dir;

    @Test
    void sigterm_whileAJobRuns_letsItFinishWithinTheDrain_exitsZero() throws Exception {
        Path release = dir.resolve("release");
        try (ServerProcess server = startWithWaiter("--drain-timeout=2m")) {
            String job = submit(server, WaiterModule.UNTIL_FILE, release);
            server.sigterm();
            server.awaitLine("SIGTERM received: stopping");
            server.awaitLine("stopping: draining 1 running jobs (they get up to 2m");
            Files.createFile(release);
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("stopped: 1 jobs ended during the drain, 0 were cancelled, 0 ignored their cancellation; exit status 0");
            assertTrue(server.lines().stream().noneMatch(l -> l.contains(job) && l.contains("cancelled")), server.output());
        }
    }

    @Test
    void sigterm_jobStillRunningAtTheDrainTimeout_isCancelledAndNamed_exitsZero() throws Exception {
        try (ServerProcess server = startWithWaiter("--drain-timeout=1s")) {
            String job = submit(server, WaiterModule.UNTIL_FILE, dir.resolve("never"));
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            String warn = server.awaitLine("was cancelled at shutdown");
            assertTrue(warn.contains("WARN") && warn.contains("job " + job + " (waiter.UntilFile in module waiter)")
                    && warn.contains("did not end within the drain timeout of 1s"), warn);
            server.awaitLine("0 jobs ended during the drain, 1 were cancelled, 0 ignored their cancellation; exit status 0");
        }
    }

    @Test
    void sigterm_moreJobsCancelledThanTheJobListKeeps_countsEveryOne() throws Exception {
        int jobs = 120;
        try (ServerProcess server = startWithWaiter("--drain-timeout=1s")) {
            try (JMXConnector jmx = JmxClients.attach(server.pid())) {
                RuntimeControlMXBean runtime = JmxClients.runtime(jmx.getMBeanServerConnection());
                for (int i = 0; i < jobs; i++) {
                    runtime.submit(WaiterModule.NAME, WaiterModule.UNTIL_FILE, Map.of("file", dir.resolve("never").toString()));
                }
                await(jobs + " jobs to run").atMost(ServerProcess.WAIT).pollInterval(ServerProcess.POLL)
                        .until(() -> runtime.getRunningJobs() == jobs);
            }
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("0 jobs ended during the drain, " + jobs + " were cancelled, 0 ignored their cancellation; exit status 0");
            server.awaitLine((jobs - 100) + " more jobs were cancelled at shutdown than are named above");
        }
    }

    @Test
    void sigterm_jobIgnoringItsCancellation_exitsOne() throws Exception {
        try (ServerProcess server = startWithWaiter("--drain-timeout=1s")) {
            String job = submit(server, WaiterModule.STUBBORN, dir.resolve("never"));
            server.sigterm();
            assertEquals(Drain.JOBS_LEFT_RUNNING, server.awaitExit(), server.output());
            String warn = server.awaitLine("closing with 1 jobs still running");
            assertTrue(warn.contains(job), warn);
            server.awaitLine("1 ignored their cancellation; exit status 1");
        }
    }

    @Test
    void secondSigterm_duringTheDrain_exitsAtOnceWith143() throws Exception {
        try (ServerProcess server = startWithWaiter("--drain-timeout=10m")) {
            submit(server, WaiterModule.UNTIL_FILE, dir.resolve("never"));
            server.sigterm();
            server.awaitLine("stopping: draining 1 running jobs");
            server.sigterm();
            assertEquals(143, server.awaitExit(), server.output());
            server.awaitLine("SIGTERM received again: exiting now with status 143, without waiting for 1 running jobs");
        }
    }

    /** A server on {@code dir/modules} with the waiter module deployed. */
    private ServerProcess startWithWaiter(String... options) {
        WaiterModule.writeTo(dir.resolve("modules"));
        ServerProcess server = ServerProcess.in(dir).args(options).started();
        server.awaitLine("deployed waiter");
        return server;
    }

    /** Submits a {@code jobClass} of the waiter module through JMX and waits until it runs; returns its id. */
    private static String submit(ServerProcess server, String jobClass, Path file) throws Exception {
        try (JMXConnector jmx = JmxClients.attach(server.pid())) {
            RuntimeControlMXBean runtime = JmxClients.runtime(jmx.getMBeanServerConnection());
            String id = runtime.submit(WaiterModule.NAME, jobClass, Map.of("file", file.toString()));
            await("job " + id + " to run").atMost(ServerProcess.WAIT).pollInterval(ServerProcess.POLL)
                    .until(() -> runtime.job(id).state().equals("RUNNING"));
            return id;
        }
    }
}
