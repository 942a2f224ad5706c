package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the CLI against a real server: a host JVM ({@link HostProcess}) running a runtime with JMX on, and
 * the real CLI run as a process for each command, attaching to it as jconsole would. Checks stdout, stderr and the
 * exit code, and {@code --json} read back by a real parser.
 */
class CliCommandsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path root;

    private HostProcess host;

    @BeforeEach
    void startHost() throws Exception {
        host = HostProcess.start(root);
    }

    @AfterEach
    void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private Cli.Run cli(String... args) throws Exception {
        return Cli.run(host.stateDir, args);
    }

    /** Runs the CLI and checks it exited 0 with nothing on stderr. */
    private Cli.Run ok(String... args) throws Exception {
        Cli.Run run = cli(args);
        assertEquals(0, run.exit(), () -> List.of(args) + ": " + run);
        assertEquals("", run.err(), () -> List.of(args) + ": " + run);
        return run;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        return MAPPER.readTree(ok(all.toArray(String[]::new)).out());
    }

    /** Submits {@code app.Hold} without waiting; returns its id. */
    private String submitHeld(Path release) throws Exception {
        String id = ok("submit", "app", "app.Hold", "release=" + release).out().strip();
        assertTrue(id.matches("job-\\d+"), id);
        return id;
    }

    /** The line of {@code out} that starts with {@code start}, or a failure showing {@code out}. */
    private static String lineStarting(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in:\n" + out));
    }

    @Test
    void statusModulesJobs_secondVersionWhileAJobHoldsTheFirst_showBothNamespacesTheModuleAndTheHeldJob() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        Path release = root.resolve("release");
        String held = submitHeld(release);
        host.drop("app", "2", AppModule.version("2"));

        JsonNode status = json("status");
        JsonNode namespaces = status.get("namespaces");
        assertEquals(2, namespaces.size(), status::toString);
        String first = namespaces.get(0).get("id").asText();
        String second = namespaces.get(1).get("id").asText();
        Cli.Run statusRun = ok("status");
        String out = statusRun.out();
        assertTrue(lineStarting(out, "current ").contains(second + "{app=2@"), out);
        assertEquals("running jobs  1", lineStarting(out, "running jobs"), out);
        assertTrue(lineStarting(out, "watch dir").endsWith(host.watchDir.toString()), out);
        assertTrue(lineStarting(out, "NAMESPACE").matches("NAMESPACE +CURRENT +JOBS +MODULES"), out);
        assertTrue(lineStarting(out, first + " ").matches(first + " +1 +" + first + "\\{app=1@[0-9a-f]{12}}"), out);
        assertTrue(lineStarting(out, second + " ").matches(second + " +yes +0 +" + second + "\\{app=2@[0-9a-f]{12}}"), out);

        String modules = ok("modules").out();
        assertTrue(lineStarting(modules, "MODULE").matches("MODULE +VERSION +DIGEST +PINNED +LIVE"), modules);
        assertTrue(lineStarting(modules, "app ").matches("app +2 +[0-9a-f]{12} +1 in " + first + "; 2 in " + second),
                modules);

        String jobs = ok("jobs").out();
        assertTrue(lineStarting(jobs, "JOB").matches("JOB +MODULE +CLASS +NAMESPACE +STATE +STARTED +ENDED +FAILURE"), jobs);
        assertTrue(lineStarting(jobs, held + " ").matches(held + " +app +app\\.Hold +" + first
                + "\\{app=1@[0-9a-f]{12}} +RUNNING +\\d\\d:\\d\\d:\\d\\d"), jobs);

        Files.createFile(release);
        host.awaitLine("event: job ended " + held + " SUCCEEDED");
        assertTrue(lineStarting(ok("jobs").out(), held + " ").contains(" SUCCEEDED "), jobs);
    }

    @Test
    void history_twoVersionsAJobOnTheFirst_oldestFirstAliveAndCurrentThenRetired() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        Path release = root.resolve("release");
        String held = submitHeld(release);
        host.drop("app", "2", AppModule.version("2"));

        String history = ok("history", "app").out();
        List<String> lines = history.lines().toList();
        assertEquals(3, lines.size(), history);
        assertTrue(lines.get(0).matches("VERSION +DIGEST +STATE +NAMESPACES +PINNED +ARRIVED +FILE"), history);
        assertTrue(lines.get(1).matches("1 +[0-9a-f]{12} +ALIVE +1 +\\d\\d:\\d\\d:\\d\\d +app\\.jar"), history);
        assertTrue(lines.get(2).matches("2 +[0-9a-f]{12} +CURRENT +1 +\\d\\d:\\d\\d:\\d\\d +app\\.jar"), history);

        Files.createFile(release);
        host.awaitLine("event: job ended " + held + " SUCCEEDED");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> json("history", "app").get(0).get("state").asText().equals("RETIRED"));
        assertTrue(ok("history", "app").out().lines().toList().get(1).matches("1 +[0-9a-f]{12} +RETIRED +0 .*"));
    }

    @Test
    void submit_withoutWaitWithWaitFailingAndTimedOut_idResultOrOneLineWhyAndTheExitCode() throws Exception {
        host.drop("app", "1", AppModule.version("1"));

        String id = ok("submit", "app", "app.Hello").out().strip();
        assertTrue(id.matches("job-\\d+"), id);

        assertEquals("hello from app 1 to you and me\n", ok("submit", "app", "app.Hello", "to=you and me", "--wait").out());

        Cli.Run failed = cli("submit", "app", "app.Fail", "order=42", "--wait");
        assertEquals(1, failed.exit(), failed::toString);
        assertEquals("", failed.out(), failed::toString);
        assertTrue(failed.err().matches("modulets: job-\\d+ \\(app\\.Fail\\) failed: java\\.lang\\.IllegalStateException:"
                + " no such order: 42\n"), failed::toString);

        Cli.Run timedOut = cli("submit", "app", "app.Hold", "release=" + root.resolve("never"), "--wait", "--timeout=1s");
        assertEquals(1, timedOut.exit(), timedOut::toString);
        String still = timedOut.err().strip();
        String heldId = still.substring("modulets: ".length(), still.indexOf(' ', "modulets: ".length()));
        assertEquals("modulets: " + heldId + " (app.Hold) is still RUNNING after 1s: it goes on; cancel it with"
                + " `modulets cancel " + heldId + "`", still, timedOut::toString);
        ok("cancel", heldId);
    }

    @Test
    void cancel_heldJobThenAgain_cancelledExit0ThenAlreadyEndedExit1() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        String held = submitHeld(root.resolve("never"));

        String cancelled = ok("cancel", held).out();
        assertTrue(cancelled.matches("cancelled " + held + " \\(app\\.Hold in ns-\\d+\\): CANCELLED\n"), cancelled);
        assertTrue(lineStarting(ok("jobs").out(), held + " ").contains(" CANCELLED "));

        Cli.Run again = cli("cancel", held);
        assertEquals(1, again.exit(), again::toString);
        assertEquals("modulets: " + held + " had already ended (CANCELLED): nothing to cancel\n", again.err());
    }

    @Test
    void pinUnpinRollback_changeTheVersionNewJobsRun_andSayWhatChanged() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        host.drop("app", "2", AppModule.version("2"));
        Supplier<String> hello = () -> {
            try {
                return ok("submit", "app", "app.Hello", "--wait").out().strip();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertEquals("hello from app 2", hello.get());

        String rolledBack = ok("rollback", "app").out();
        assertTrue(rolledBack.startsWith("rolled app back to 1 ("), rolledBack);
        assertEquals("hello from app 1", hello.get());
        assertTrue(lineStarting(ok("modules").out(), "app ").matches("app +1 +[0-9a-f]{12} +pinned +.*"));
        assertTrue(lineStarting(ok("history", "app").out(), "1 ").contains(" pinned "));

        assertEquals("unpinned app: the folder decides its version again\n", ok("unpin", "app").out());
        assertEquals("hello from app 2", hello.get());
        assertEquals("app was not pinned: nothing changed\n", ok("unpin", "app").out());

        String pinned = ok("pin", "app", "1").out();
        assertTrue(pinned.startsWith("pinned app to 1 ("), pinned);
        assertEquals("hello from app 1", hello.get());
        ok("unpin", "app");
        assertEquals("hello from app 2", hello.get());
    }

    @Test
    void json_everyCommand_parsesBackWithTheRowFields() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        host.drop("app", "2", AppModule.version("2"));

        JsonNode status = json("status");
        assertEquals(host.pid(), status.get("pid").asLong());
        assertEquals(host.watchDir.toString(), status.get("watchDir").asText());
        assertEquals(host.stateDir.toString(), status.get("stateDir").asText());
        assertTrue(status.get("currentNamespace").asText().contains("{app=2@"), status::toString);
        assertEquals(0, status.get("runningJobs").asInt());
        assertTrue(status.get("deploys").asLong() >= 2, status::toString);
        assertEquals(true, status.get("namespaces").get(0).get("current").asBoolean(), status::toString);

        JsonNode modules = json("modules");
        assertEquals(1, modules.size(), modules::toString);
        assertEquals("app", modules.get(0).get("name").asText());
        assertEquals("2", modules.get(0).get("version").asText());
        assertEquals(64, modules.get(0).get("digest").asText().length(), modules::toString);
        assertEquals(false, modules.get(0).get("pinned").asBoolean());
        assertTrue(modules.get(0).get("live").isArray(), modules::toString);

        JsonNode history = json("history", "app");
        assertEquals(2, history.size(), history::toString);
        assertEquals("1", history.get(0).get("version").asText());
        assertEquals("app.jar", history.get(0).get("source").asText());
        assertEquals("CURRENT", history.get(1).get("state").asText());

        JsonNode result = json("submit", "app", "app.Hello", "to=\"quoted\"\tand tabbed", "--wait");
        assertEquals("SUCCEEDED", result.get("state").asText(), result::toString);
        assertEquals("hello from app 2 to \"quoted\"\tand tabbed", result.get("result").asText());
        assertEquals("app.Hello", result.get("jobClass").asText());

        JsonNode submitted = json("submit", "app", "app.Hold", "release=" + root.resolve("never"));
        String held = submitted.get("id").asText();
        JsonNode jobs = json("jobs");
        assertTrue(jobs.isArray() && jobs.size() == 2, jobs::toString);
        assertEquals(held, jobs.get(0).get("id").asText(), "running jobs first: " + jobs);
        assertEquals("RUNNING", jobs.get(0).get("state").asText());
        JsonNode cancelled = json("cancel", held);
        assertEquals("CANCELLED", cancelled.get("state").asText(), cancelled::toString);

        JsonNode pinned = json("pin", "app", "1");
        assertEquals("1", pinned.get("version").asText());
        assertEquals(true, pinned.get("pinned").asBoolean());
        assertEquals("CURRENT", pinned.get("state").asText());
        JsonNode unpinned = json("unpin", "app");
        assertEquals("{\"module\":\"app\",\"wasPinned\":true}", unpinned.toString());
        JsonNode rolledBack = json("rollback", "app");
        assertEquals("1", rolledBack.get("version").asText(), rolledBack::toString);
        assertEquals("[]", json("leaks").toString());
    }

    @Test
    void unknownModuleVersionJobOrClass_exit1WithTheRuntimesMessage() throws Exception {
        host.drop("app", "1", AppModule.version("1"));

        Cli.Run history = cli("history", "nope");
        assertEquals(1, history.exit(), history::toString);
        assertEquals("modulets: the history has no module 'nope'; it has app\n", history.err());

        Cli.Run pin = cli("pin", "app", "9");
        assertEquals(1, pin.exit(), pin::toString);
        assertEquals(1, pin.err().lines().count(), pin::toString);
        assertTrue(pin.err().startsWith("modulets: ") && pin.err().contains("9") && pin.err().contains("1"), pin::toString);

        Cli.Run submit = cli("submit", "nope", "x.Y", "--wait");
        assertEquals(1, submit.exit(), submit::toString);
        assertEquals(1, submit.err().lines().count(), submit::toString);
        assertTrue(submit.err().startsWith("modulets: ") && submit.err().contains("nope"), submit::toString);

        Cli.Run noClass = cli("submit", "app", "app.Missing");
        assertEquals(1, noClass.exit(), noClass::toString);
        assertTrue(noClass.err().startsWith("modulets: ") && noClass.err().contains("app.Missing"), noClass::toString);

        Cli.Run cancel = cli("cancel", "job-999");
        assertEquals(1, cancel.exit(), cancel::toString);
        assertEquals(1, cancel.err().lines().count(), cancel::toString);
        assertTrue(cancel.err().startsWith("modulets: no job job-999 "), cancel::toString);

        Cli.Run rollback = cli("rollback", "app");
        assertEquals(1, rollback.exit(), rollback::toString);
        assertEquals(1, rollback.err().lines().count(), rollback::toString);
    }

    @Test
    void leaks_noneThenAVersionKeptByAHostStatic_emptyThenOneSuspect() throws Exception {
        host.drop("app", "1", AppModule.version("1"));
        assertEquals("no leak suspect: every retired version was collected or is within its deadline\n",
                ok("leaks").out());

        assertEquals("kept\n", ok("submit", "app", "app.Keep", "--wait").out());
        host.drop("app", "2", AppModule.version("2"));
        host.awaitLine("event: leak suspected app 1");

        String leaks = ok("leaks").out();
        assertTrue(lineStarting(leaks, "MODULE").matches("MODULE +VERSION +SUSPECTED +RETIRED FOR +CAUSE"), leaks);
        assertTrue(lineStarting(leaks, "app ").matches("app +1 +\\d\\d:\\d\\d:\\d\\d +\\d+s +\\S.*"), leaks);
        JsonNode json = json("leaks");
        assertEquals(1, json.size(), json::toString);
        assertEquals("app", json.get(0).get("module").asText());
        assertEquals("1", json.get(0).get("version").asText());
        assertTrue(json.get(0).get("heapPath").isArray(), json::toString);
    }

    @Test
    void status_afterTheServerClosed_noProcessFileLeft() throws Exception {
        host.close();
        host = null;

        Cli.Run run = Cli.run(root.resolve("state"), "status");

        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.err().contains(": no process file; start one with"), run::toString);
    }
}
