package io.modulets.demos;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.demos.shared.Gate;
import io.modulets.demos.shared.Outbox;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import io.modulets.testkit.ModuleJar;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

/**
 * The confirmation-email demo: the story that motivated Modulets.
 *
 * <p>Each {@code receive_confirmation} job supervises a {@code send_email} worker and a {@code wait_reply}
 * worker (one_for_one). Three jobs start on {@code email 1} and wait for replies; one of them will have its
 * {@code send_email} crash once. Meanwhile {@code email 2}, whose Mailer tags messages for bounce tracking,
 * arrives by atomic rename, and a fourth job starts on it. Then the replies arrive: the crashed worker is
 * restarted on its job's version (email 1, not the newer current one), the old jobs finish with the old
 * Mailer, the new job used the new one, and email 1 is retired and collected when its last job ends.
 *
 * <p>Exit status: 0 only if every job sent the message of its own version, the crashed worker was
 * restarted, and email 1 was retired and collected; 1 otherwise.
 */
public final class ConfirmationEmailDemo {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;

    ConfirmationEmailDemo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.modulets").setLevel(Level.WARNING); // the story prints what matters
        System.exit(new ConfirmationEmailDemo(System.out).run());
    }

    /** One submitted job, who it mails, and which version of email it should have used. */
    private record Sent(JobHandle<String> job, String to, int version, boolean crashOnce) {
    }

    int run() throws Exception {
        Path dir = Files.createTempDirectory("modulets-email-");
        String run = UUID.randomUUID().toString();
        String replies = "replies-" + run;
        Set<String> retired = ConcurrentHashMap.newKeySet();
        Set<String> collected = ConcurrentHashMap.newKeySet();
        out.println("Beginning in " + dir);
        try (ModuletRuntime runtime = ModuletRuntime.builder()
                .watchDir(dir.resolve("modules"))
                .stateDir(dir.resolve("state"))
                .sharedPackage("io.modulets.demos.shared")
                .leakDeadline(Duration.ofSeconds(20))
                .build()) {
            runtime.events().subscribe().with(event -> narrate(event, retired, collected));
            runtime.start();
            Path jar = dir.resolve("modules").resolve("email.jar");
            List<Sent> jobs = new ArrayList<>();

            arrive(runtime, jar, 1, "writes plain confirmation messages");
            jobs.add(submit(runtime, run, replies, "alice@example.com", 1, false));
            jobs.add(submit(runtime, run, replies, "bob@example.com", 1, false));
            jobs.add(submit(runtime, run, replies, "carol@example.com", 1, true));
            awaitStep("email 1 jobs sent their messages", () -> sentOrCrashPending(run, jobs));
            out.println("Three jobs on email 1 now wait for replies (carol's send_email is stuck and will crash once).");

            arrive(runtime, jar, 2, "tags messages for bounce tracking");
            jobs.add(submit(runtime, run, replies, "dave@example.com", 2, false));
            awaitStep("dave's message was sent", () -> !Outbox.read(run + "/" + jobs.get(3).job().id()).isEmpty());
            out.printf("Live namespaces: %s; current: %s%n", ids(runtime), runtime.current());

            out.println("The replies arrive:");
            Gate.open(replies);
            int right = 0;
            boolean restarted = false;
            for (Sent sent : jobs) {
                right += report(run, sent) ? 1 : 0;
                restarted |= sent.crashOnce() && Outbox.read(run + "/" + sent.job().id()).stream().anyMatch(l -> l.contains("crashed"));
            }
            out.println("No job holds email 1 any more: the reaper retires it and checks that the JVM collects it.");
            boolean reaped = awaitQuietly(() -> retired.contains("1") && collected.contains("1"));
            out.printf("Live namespaces now: %s%n", ids(runtime));
            out.printf("%d of %d jobs sent the message of their own version; crashed send_email restarted on its job's "
                    + "version: %s; email 1 retired and collected: %s.%n", right, jobs.size(), restarted ? "yes" : "no",
                    reaped ? "yes" : "no");
            return right == jobs.size() && restarted && reaped ? 0 : 1;
        }
    }

    private Sent submit(ModuletRuntime runtime, String run, String replies, String to, int version, boolean crashOnce) {
        JobSpec spec = JobSpec.of(EmailModule.NAME, EmailModule.JOB_CLASS)
                .withArg("to", to).withArg("run", run).withArg("replies", replies);
        if (crashOnce) {
            spec = spec.withArg("crash-once", "true");
        }
        JobHandle<String> job = runtime.submit(spec);
        out.printf("  %s receive_confirmation for %s starts in %s%s%n", job.id(), to, job.namespace(),
                crashOnce ? " (crash-once=true)" : "");
        return new Sent(job, to, version, crashOnce);
    }

    /** Waits for the job's end and tells what its workers did; true if it sent its own version's message. */
    private boolean report(String run, Sent sent) {
        String actual;
        try {
            actual = sent.job().result().await().atMost(STEP_TIMEOUT);
        } catch (RuntimeException e) {
            out.printf("  %s FAILED: %s%n", sent.job().id(), e);
            return false;
        }
        String expected = EmailModule.confirmation(sent.version(), sent.to());
        out.printf("  %s (%s) done:%n", sent.job().id(), sent.job().namespace().id());
        for (String line : Outbox.read(run + "/" + sent.job().id())) {
            out.printf("      %s%n", line);
        }
        boolean right = expected.equals(actual);
        out.printf("      %s%n", right
                ? "right: the message of email " + sent.version() + (sent.crashOnce() ? ", also after the restart" : "")
                : "WRONG: expected \"" + expected + "\" but sent \"" + actual + "\"");
        return right;
    }

    private static boolean sentOrCrashPending(String run, List<Sent> jobs) {
        return jobs.stream().allMatch(s -> s.crashOnce() || !Outbox.read(run + "/" + s.job().id()).isEmpty());
    }

    private void narrate(RuntimeEvent event, Set<String> retired, Set<String> collected) {
        switch (event) {
            case RuntimeEvent.Deployed d -> out.printf("  deployed %s %s as %s%n", d.module(), d.version(), d.namespace());
            case RuntimeEvent.Rejected r -> out.printf("  rejected %s: %s%n", r.file().getFileName(), r.reason());
            case RuntimeEvent.Retired r when r.namespace().modules().containsKey(EmailModule.NAME) -> {
                out.printf("  retired %s%n", r.namespace());
                retired.add(r.namespace().modules().get(EmailModule.NAME));
            }
            case RuntimeEvent.Collected c -> {
                out.printf("  collected %s %s: its class loader is gone from the JVM (%d ms after it was retired)%n",
                        c.module(), c.version(), c.afterRetire().toMillis());
                collected.add(c.version());
            }
            case RuntimeEvent.LeakSuspected l -> out.printf("  LEAK SUSPECTED for %s %s: %s%n", l.module(), l.version(), l.cause());
            default -> {
                // job events are told by the story itself
            }
        }
    }

    /** Drops version {@code version} into the folder by atomic rename and waits until new jobs bind it. */
    private void arrive(ModuletRuntime runtime, Path jar, int version, String what) throws Exception {
        Files.createDirectories(jar.getParent());
        out.printf("email %d (its Mailer %s) arrives as %s by atomic rename%n", version, what, jar.getFileName());
        ModuleJar.writeAtomically(jar, EmailModule.jar(version));
        String wanted = Integer.toString(version);
        awaitStep("email " + version + " deployed", () -> wanted.equals(runtime.current().versionOf(EmailModule.NAME)));
    }

    private static void awaitStep(String what, BooleanSupplier done) throws InterruptedException {
        if (!awaitQuietly(done)) {
            throw new IllegalStateException("the demo is stuck: not done within " + STEP_TIMEOUT + ": " + what);
        }
    }

    private static boolean awaitQuietly(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    private static List<String> ids(ModuletRuntime runtime) {
        return runtime.liveNamespaces().stream().map(ns -> ns.id()).toList();
    }
}
