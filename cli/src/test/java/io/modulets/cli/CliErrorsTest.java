package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modulets.runtime.jmx.ProcessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's errors that need no running server, each through the real CLI process: one line on stderr saying what is
 * wrong and what to do, exit code 1, or 2 for a usage error.
 */
class CliErrorsTest {

    @TempDir
    Path stateDir;

    @Test
    void status_noProcessFile_exit1SaysNoServerAndHowToStartOne() throws Exception {
        Cli.Run run = Cli.run(stateDir, "status");

        assertEquals(1, run.exit(), run::toString);
        assertEquals("modulets: no Modulets server runs for state dir " + stateDir + ": no process file; start one with"
                + " `bin/modulets server --state-dir " + stateDir + "`", run.err().strip(), run::toString);
        assertEquals("", run.out());
    }

    @Test
    void status_noStateDirOption_takesModuletsStateDirFromTheEnvironment() throws Exception {
        Cli.Run run = Cli.runWithEnvironment(java.util.Map.of("MODULETS_STATE_DIR", stateDir.toString()), "status");

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().startsWith("modulets: no Modulets server runs for state dir " + stateDir + ": "), run::toString);
    }

    @Test
    void modules_processFileOfAGonePid_exit1SaysTheServerStoppedWithoutCleaningUp() throws Exception {
        Process gone = new ProcessBuilder(Cli.java(), "-version").start();
        assertTrue(gone.waitFor(60, TimeUnit.SECONDS));
        new ProcessFile(gone.pid(), ServerConnection.currentUser(), "modules", Instant.now()).writeTo(stateDir);

        Cli.Run run = Cli.run(stateDir, "modules");

        assertEquals(1, run.exit(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        assertTrue(run.err().startsWith("modulets: no Modulets server runs for state dir " + stateDir + ": the server (pid "
                + gone.pid() + ") that wrote its process file is gone: it stopped without cleaning up;"), run::toString);
    }

    @Test
    void status_pidNowOfAProcessStartedAfterTheServer_exit1SaysThePidWasReused() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            new ProcessFile(sleeper.pid(), ServerConnection.currentUser(), "modules", Instant.now().minusSeconds(3600))
                    .writeTo(stateDir);

            Cli.Run run = Cli.run(stateDir, "status");

            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().startsWith("modulets: no Modulets server runs for state dir " + stateDir + ": the server"
                    + " (pid " + sleeper.pid() + ") that wrote its process file is gone: it stopped without cleaning up,"
                    + " and pid " + sleeper.pid() + " is now another process, started at "), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
        } finally {
            sleeper.destroy();
            sleeper.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Attaching signals the process (SIGQUIT), which would end a program that is not a JVM: the CLI does not. */
    @Test
    void status_pidOfAProgramThatIsNotAJvm_exit1AndTheProgramLivesOn() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            new ProcessFile(sleeper.pid(), ServerConnection.currentUser(), "modules", Instant.now()).writeTo(stateDir);

            Cli.Run run = Cli.run(stateDir, "status");

            assertEquals(1, run.exit(), run::toString);
            assertTrue(run.err().matches("modulets: no Modulets server runs for state dir .*, and pid " + sleeper.pid()
                    + " is now another program, not a JVM \\(\\S*sleep\\); start one with .*\n"), run::toString);
            assertTrue(sleeper.isAlive(), "the CLI signalled a program that is not a JVM");
        } finally {
            sleeper.destroy();
            sleeper.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void status_serverThatRefusesTheAttachApi_exit1SaysItCannotAttach(@TempDir Path root) throws Exception {
        try (HostProcess host = HostProcess.start(root, List.of("-XX:+DisableAttachMechanism"))) {
            Cli.Run run = Cli.run(host.stateDir, "status");

            assertEquals(1, run.exit(), run::toString);
            assertEquals(1, run.err().lines().count(), run::toString);
            assertTrue(run.err().startsWith("modulets: cannot attach to the server for " + host.stateDir + " (pid "
                    + host.pid() + "): "), run::toString);
            assertTrue(run.err().contains("-XX:+DisableAttachMechanism"), run::toString);
        }
    }

    /**
     * A server of another user: pid 1 when the tests do not run as root; as root (pid 1 is root's too), a process
     * started as nobody.
     */
    @Test
    void jobs_serverOfAnotherUser_exit1NamesItsUserAndOurs() throws Exception {
        String me = ServerConnection.currentUser();
        Process other = null;
        long pid = 1;
        String owner = ProcessHandle.of(1).flatMap(p -> p.info().user()).orElse("root");
        if (owner.equals(me)) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv to start a process of another user");
            other = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "sleep", "300").start();
            pid = other.pid();
            ProcessHandle handle = other.toHandle();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> handle.info().user().filter(u -> !u.equals(me)).isPresent()
                            && handle.info().command().filter(c -> c.endsWith("sleep")).isPresent());
            owner = handle.info().user().orElseThrow();
        }
        try {
            new ProcessFile(pid, owner, "modules", Instant.now()).writeTo(stateDir);

            Cli.Run run = Cli.run(stateDir, "jobs");

            assertEquals(1, run.exit(), run::toString);
            assertEquals("modulets: the server for " + stateDir + " (pid " + pid + ") runs as user " + owner
                    + "; the CLI connects only to servers of its own user (you are " + me + "): run it as " + owner,
                    run.err().strip(), run::toString);
        } finally {
            if (other != null) {
                other.destroy();
                other.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void usageErrors_exit2WithOneLineNamingTheCommandsHelp() throws Exception {
        for (List<String> args : List.of(List.of("submit", "app"), List.of("frobnicate"), List.of("history"),
                List.of("submit", "app", "app.Hello", "--wait", "--timeout=soon"), List.of("pin", "app"))) {
            Cli.Run run = Cli.run(stateDir, args.toArray(String[]::new));

            assertEquals(2, run.exit(), () -> args + ": " + run);
            assertEquals(1, run.err().lines().count(), () -> args + ": " + run);
            assertTrue(run.err().startsWith("modulets: "), () -> args + ": " + run);
            assertTrue(run.err().strip().endsWith("--help`)"), () -> args + ": " + run);
        }
        Cli.Run timeout = Cli.run(stateDir, "submit", "app", "app.Hello", "--wait", "--timeout=soon");
        assertTrue(timeout.err().contains("'soon' is not a duration: write 500ms, 30s, 5m or 2h"), timeout::toString);
    }

    @Test
    void noCommand_printsUsageListingEveryCommand_exit2() throws Exception {
        Cli.Run run = Cli.runRaw();

        assertEquals(2, run.exit(), run::toString);
        for (String command : List.of("status", "modules", "history", "jobs", "submit", "cancel", "pin", "unpin",
                "rollback", "leaks")) {
            assertTrue(run.err().contains("  " + command + " "), () -> command + " missing: " + run);
        }
    }

    @Test
    void help_ofASubcommand_exit0() throws Exception {
        Cli.Run run = Cli.runRaw("submit", "--help");

        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("--timeout=DURATION"), run::toString);
        assertTrue(run.out().contains("--state-dir=DIR"), "the inherited option is listed: " + run);
    }
}
