package io.modulets.runtime.deploy;

import static io.modulets.runtime.deploy.PolicyBench.SETTLE;
import static io.modulets.runtime.deploy.PolicyBench.broken;
import static io.modulets.runtime.deploy.PolicyBench.file;
import static io.modulets.runtime.deploy.PolicyBench.jar;
import static io.modulets.runtime.deploy.PolicyBench.withDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The folder rules (3 to 5) as the pure deploy policy decides them: a fake folder, a fake clock, no threads. Each
 * row is a story told to the policy, the module map it ends with, the files it rejected (once per rejection) and
 * how many times the shell had to stage and validate a file.
 */
class DeployPolicyTest {

    private static final Duration MOMENT = Duration.ofMillis(100);
    private static final PolicyBench.Broken INCOMPLETE = broken("it is not a complete zip file");

    private static Arguments row(String story, UnaryOperator<PolicyBench> script, Map<String, String> current,
            List<String> rejected, int attempts) {
        return Arguments.of(story, script, current, rejected, attempts);
    }

    static Stream<Arguments> stories() {
        return Stream.of(
                row("settle: a broken file left alone is rejected once, after the settle window",
                        b -> b.drop("half.jar", INCOMPLETE).event("half.jar")
                                .advance(SETTLE.minus(MOMENT)).rescan() // not settled yet: waits
                                .advance(MOMENT).rescan()               // settled: the final attempt fails
                                .advance(SETTLE).rescan().event("sentinel.jar"),
                        Map.of(), List.of("half.jar"), 2),
                row("retry by event before the window: a half-written file completed in place deploys, no rejection",
                        b -> b.drop("half.jar", INCOMPLETE).event("half.jar").advance(MOMENT)
                                .overwrite("half.jar", jar("half", "1")).event("half.jar").settle(),
                        Map.of("half", "1"), List.of(), 2),
                row("retry by event with an unchanged stamp: a failed file is retried, not final before the window",
                        b -> b.drop("half.jar", INCOMPLETE).event("half.jar").advance(MOMENT).event("half.jar"),
                        Map.of(), List.of(), 2),
                row("slow write: every write before the window passes is retried, only the complete file deploys",
                        b -> b.drop("slow.jar", INCOMPLETE).event("slow.jar").advance(SETTLE.minus(MOMENT))
                                .overwrite("slow.jar", INCOMPLETE).event("slow.jar").advance(SETTLE.minus(MOMENT)).rescan()
                                .overwrite("slow.jar", jar("slow", "1")).event("slow.jar").settle(),
                        Map.of("slow", "1"), List.of(), 3),
                row("rejected, then completed in place: the new stamp deploys",
                        b -> b.drop("half.jar", INCOMPLETE).event("half.jar").advance(SETTLE).rescan()
                                .overwrite("half.jar", jar("half", "1")).event("half.jar"),
                        Map.of("half", "1"), List.of("half.jar"), 3),
                row("atomic rename into the folder: taken at once, no clock needed",
                        b -> b.drop("quick.jar", jar("quick", "1")).event("quick.jar"),
                        Map.of("quick", "1"), List.of(), 1),
                row("a listing takes a new file too, without an event",
                        b -> b.drop("quiet.jar", jar("quiet", "1")).rescan().rescan(),
                        Map.of("quiet", "1"), List.of(), 1),
                row("start: the folder's files deploy as one change",
                        b -> b.drop("a.jar", jar("a", "1")).drop("b.jar", jar("b", "1")).start(),
                        Map.of("a", "1", "b", "1"), List.of(), 2),
                row("same bytes again: a touched file is tried, and nothing changes",
                        b -> b.drop("m.jar", jar("m", "1")).start().touch("m.jar").event("m.jar").settle(),
                        Map.of("m", "1"), List.of(), 2),
                row("an event on an accepted stamp retries it: a same-size overwrite keeps the stamp",
                        b -> b.drop("m.jar", jar("m", "1")).start()
                                .overwriteKeepingStamp("m.jar", new PolicyBench.Jar(withDigest("m", "1", "other-bytes")))
                                .event("m.jar"),
                        Map.of("m", "1"), List.of(), 2),
                row("rename inside the folder, seen by a listing then its events: taken over, not staged again",
                        b -> b.drop("m-a.jar", jar("m", "1")).start().rename("m-a.jar", "m-b.jar")
                                .rescan().event("m-a.jar", "m-b.jar").settle(),
                        Map.of("m", "1"), List.of(), 1),
                row("rename inside the folder, both halves in one batch of events: taken over, not staged again",
                        b -> b.drop("m-a.jar", jar("m", "1")).start().rename("m-a.jar", "m-b.jar")
                                .event("m-a.jar", "m-b.jar").settle(),
                        Map.of("m", "1"), List.of(), 1),
                row("renamed back and forth many times: never staged again",
                        b -> {
                            b.drop("m-a.jar", jar("m", "1")).start();
                            for (int i = 0; i < 20; i++) {
                                String from = i % 2 == 0 ? "m-a.jar" : "m-b.jar";
                                String to = i % 2 == 0 ? "m-b.jar" : "m-a.jar";
                                b.rename(from, to).rescan().event(from, to);
                            }
                            return b.settle();
                        },
                        Map.of("m", "1"), List.of(), 1),
                row("an older file renamed, a newer one present: the rename is no new arrival",
                        b -> b.drop("m-a.jar", jar("m", "1")).drop("m-b.jar", jar("m", "2")).start()
                                .rename("m-a.jar", "m-c.jar").rescan().event("m-a.jar", "m-c.jar"),
                        Map.of("m", "2"), List.of(), 2),
                row("arrival decides, not the version's value: the newest file wins",
                        b -> b.drop("m-old.jar", jar("m", "2")).event("m-old.jar")
                                .drop("m-new.jar", jar("m", "1")).event("m-new.jar"),
                        Map.of("m", "1"), List.of(), 2),
                row("delete: the module leaves with its last file",
                        b -> b.drop("m.jar", jar("m", "1")).start().delete("m.jar").event("m.jar"),
                        Map.of(), List.of(), 1),
                row("delete seen by a listing only: the module leaves too",
                        b -> b.drop("m.jar", jar("m", "1")).start().delete("m.jar").rescan(),
                        Map.of(), List.of(), 1),
                row("fallback: deleting the current file falls back to the next most recent present file",
                        b -> b.drop("m-old.jar", jar("m", "2")).event("m-old.jar")
                                .drop("m-new.jar", jar("m", "1")).event("m-new.jar")
                                .delete("m-new.jar").event("m-new.jar"),
                        Map.of("m", "2"), List.of(), 2),
                row("a listed file gone when looked at is not gone yet (a listing is no snapshot)",
                        b -> b.drop("m.jar", jar("m", "1")).start().rescan("m.jar"),
                        Map.of("m", "1"), List.of(), 1),
                row("a broken overwrite of a deployed file: the module keeps its version, the file is rejected",
                        b -> b.drop("other.jar", jar("other", "1")).start().overwrite("other.jar", broken("CRC"))
                                .event("other.jar").settle(),
                        Map.of("other", "1"), List.of("other.jar"), 3),
                row("requires unmet: rejected once, then waits through listings without another word",
                        b -> b.drop("app.jar", jar("app", "1", "base")).event("app.jar").settle().settle(),
                        Map.of(), List.of("app.jar"), 1),
                row("requires satisfied later: the waiting file counts again without being touched",
                        b -> b.drop("app.jar", jar("app", "1", "base")).event("app.jar").settle()
                                .drop("base.jar", jar("base", "1")).event("base.jar"),
                        Map.of("app", "1", "base", "1"), List.of("app.jar"), 2),
                row("requires: the waiting file dropped again once its requirement is present deploys once",
                        b -> b.drop("app.jar", jar("app", "1", "base")).event("app.jar")
                                .drop("base.jar", jar("base", "1")).event("base.jar")
                                .drop("app.jar", jar("app", "1", "base")).event("app.jar").settle(),
                        Map.of("app", "1", "base", "1"), List.of("app.jar"), 3),
                row("requires: a new version with an unmet requirement is rejected and the old one stays",
                        b -> b.drop("app-1.jar", jar("app", "1")).start()
                                .drop("app-2.jar", jar("app", "2", "base")).event("app-2.jar"),
                        Map.of("app", "1"), List.of("app-2.jar"), 2),
                row("requires in a chain: a module whose requirement is itself unmet waits too",
                        b -> b.drop("mid.jar", jar("mid", "1", "low")).drop("top.jar", jar("top", "1", "mid")).start(),
                        Map.of(), List.of("mid.jar", "top.jar"), 2),
                row("held: a required module whose file left stays while its requirer is present",
                        b -> b.drop("base.jar", jar("base", "1")).drop("app.jar", jar("app", "1", "base")).start()
                                .delete("base.jar").event("base.jar").settle(),
                        Map.of("app", "1", "base", "1"), List.of(), 2),
                row("held, then the requirer leaves: both leave",
                        b -> b.drop("base.jar", jar("base", "1")).drop("app.jar", jar("app", "1", "base")).start()
                                .delete("base.jar").event("base.jar").delete("app.jar").event("app.jar"),
                        Map.of(), List.of(), 2),
                row("derived requires: a plain library whose Maven metadata names an absent module deploys, unrejected",
                        b -> b.drop("guava.jar", new PolicyBench.Jar(PolicyBench.library("guava", "33", "failureaccess")))
                                .event("guava.jar").settle(),
                        Map.of("guava", "33"), List.of(), 1),
                row("derived requires: the library it names arriving later joins, nothing is rejected",
                        b -> b.drop("guava.jar", new PolicyBench.Jar(PolicyBench.library("guava", "33", "failureaccess")))
                                .event("guava.jar")
                                .drop("failureaccess.jar", new PolicyBench.Jar(PolicyBench.library("failureaccess", "1")))
                                .event("failureaccess.jar").settle(),
                        Map.of("failureaccess", "1", "guava", "33"), List.of(), 2),
                row("derived requires: held like a declared one when the required library's file leaves",
                        b -> b.drop("guava.jar", new PolicyBench.Jar(PolicyBench.library("guava", "33", "failureaccess")))
                                .drop("failureaccess.jar", new PolicyBench.Jar(PolicyBench.library("failureaccess", "1")))
                                .start().delete("failureaccess.jar").event("failureaccess.jar").settle(),
                        Map.of("failureaccess", "1", "guava", "33"), List.of(), 2),
                row("derived requires: the held library leaves with the library that required it",
                        b -> b.drop("guava.jar", new PolicyBench.Jar(PolicyBench.library("guava", "33", "failureaccess")))
                                .drop("failureaccess.jar", new PolicyBench.Jar(PolicyBench.library("failureaccess", "1")))
                                .start().delete("failureaccess.jar").event("failureaccess.jar")
                                .delete("guava.jar").event("guava.jar"),
                        Map.of(), List.of(), 2),
                row("held, then the requirer is updated without the requirement: the held module leaves",
                        b -> b.drop("base.jar", jar("base", "1")).drop("app.jar", jar("app", "1", "base")).start()
                                .delete("base.jar").event("base.jar").overwrite("app.jar", jar("app", "2")).event("app.jar"),
                        Map.of("app", "2"), List.of(), 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stories")
    void observe_story_endsWithModulesRejectionsAndAttempts(String story, UnaryOperator<PolicyBench> script,
            Map<String, String> current, List<String> rejected, int attempts) {
        PolicyBench bench = script.apply(new PolicyBench());

        assertEquals(current, bench.current(), "modules");
        assertEquals(rejected, bench.rejected(), "rejections");
        assertEquals(attempts, bench.attempts(), "stage-and-validate attempts");
    }

    @Test
    void observe_renameInsideFolder_noNewNamespaceAndTheNewNameTakesTheRank() {
        PolicyBench bench = new PolicyBench().drop("m-a.jar", jar("m", "1")).start();
        long rank = bench.state().tracked(file("m-a.jar")).entry().arrival();
        bench.clearActions();

        bench.rename("m-a.jar", "m-b.jar").rescan().event("m-a.jar", "m-b.jar");

        assertEquals(List.of(), bench.deploys(), "a rename is not a module leaving and coming back");
        assertEquals(0, bench.attempts(), "defect 13: the renamed jar was staged again");
        assertNull(bench.state().tracked(file("m-a.jar")));
        assertEquals(rank, bench.state().tracked(file("m-b.jar")).entry().arrival());
        assertEquals(Map.of(), bench.state().departed());
    }

    @Test
    void observe_renameInsideFolderThenWrite_theWriteIsRetried() {
        PolicyBench bench = new PolicyBench().drop("m-a.jar", jar("m", "1")).start()
                .rename("m-a.jar", "m-b.jar").rescan().event("m-b.jar").clearActions();

        bench.overwriteKeepingStamp("m-b.jar", jar("m", "2")).event("m-b.jar");

        assertEquals(1, bench.attempts(), "only the rename's own event is absorbed");
        assertEquals(Map.of("m", "2"), bench.current());
    }

    @Test
    void observe_sameBytesUnderANewNameInTheRoundTheOldLeft_keepsTheOldRank() {
        PolicyBench bench = new PolicyBench().drop("m-a.jar", jar("m", "1")).drop("m-b.jar", jar("m", "2")).start();
        long rank = bench.state().tracked(file("m-a.jar")).entry().arrival();

        bench.delete("m-a.jar").drop("m-c.jar", jar("m", "1")).rescan(); // a copy, not a rename: a new inode

        assertEquals(rank, bench.state().tracked(file("m-c.jar")).entry().arrival());
        assertEquals(Map.of("m", "2"), bench.current());
    }

    @Test
    void attempted_fallbackAfterDelete_deploysTheOlderFileNamingIt() {
        PolicyBench bench = new PolicyBench().drop("m-old.jar", jar("m", "2")).event("m-old.jar")
                .drop("m-new.jar", jar("m", "1")).event("m-new.jar").clearActions();

        bench.delete("m-new.jar").event("m-new.jar");

        Action.Deploy deploy = bench.deploys().getLast();
        Action.Deployed deployed = assertInstanceOf(Action.Deployed.class, deploy.changes().getFirst());
        assertEquals(file("m-old.jar"), deployed.from());
        assertEquals("2", deployed.module().version());
        assertEquals(List.of(new Action.CollectStoreGarbage()), bench.of(Action.CollectStoreGarbage.class));
    }

    @Test
    void attempted_lastFileDeleted_reportsRemoved() {
        PolicyBench bench = new PolicyBench().drop("m.jar", jar("m", "1")).start().clearActions();

        bench.delete("m.jar").event("m.jar");

        Action.Removed removed = assertInstanceOf(Action.Removed.class, bench.deploys().getLast().changes().getFirst());
        assertEquals("m 1", removed.module().toString());
    }

    @Test
    void attempted_heldModule_warnedOnceNamingItsHolder() {
        PolicyBench bench = new PolicyBench().drop("base.jar", jar("base", "1")).drop("app.jar", jar("app", "1", "base"))
                .start().clearActions();

        bench.delete("base.jar").event("base.jar").settle().drop("other.jar", jar("other", "1")).event("other.jar");

        assertEquals(List.of(new Action.WarnHeld(PolicyBench.module("base", "1"), "app 1")), bench.of(Action.WarnHeld.class));
        assertEquals(Map.of("base", "app 1"), bench.state().heldBy());
        assertEquals(1, bench.deploys().size(), "only other's arrival makes a new namespace");
    }

    @Test
    void attempted_requiresUnmet_rejectedThenWaitsAndItsBytesStayInUse() {
        PolicyBench bench = new PolicyBench().drop("app.jar", jar("app", "1", "base")).event("app.jar");

        bench.drop("other.jar", jar("other", "1")).event("other.jar"); // a reconciliation in between

        assertEquals(List.of("app.jar"), bench.rejected());
        assertEquals(List.of(), bench.of(Action.StopCounting.class), "a waiting file does not warn again");
        assertEquals(true, bench.state().tracked(file("app.jar")).waiting());
        assertEquals(java.util.Set.of("app-1", "other-1"), bench.state().digestsInUse(), "its store file must stay");
    }

    @Test
    void attempted_waitingFileSeenAgainByEventWithSameBytes_notRejectedAgain() {
        // a write seen as CREATE then MODIFY in two batches: the second event retries the same bytes
        PolicyBench bench = new PolicyBench().drop("app.jar", jar("app", "1", "base")).event("app.jar").event("app.jar");

        bench.drop("base.jar", jar("base", "1")).event("base.jar");

        assertEquals(List.of("app.jar"), bench.rejected(), "one rejection per arrival, not per event");
        assertEquals(Map.of("app", "1", "base", "1"), bench.current());
    }

    @Test
    void attempted_finalFailure_rejectsNamingTheReason() {
        PolicyBench bench = new PolicyBench().drop("bad.jar", broken("entry x fails its CRC check")).event("bad.jar")
                .advance(SETTLE).rescan();

        assertEquals(List.of(new Action.Reject(file("bad.jar"), "entry x fails its CRC check")), bench.of(Action.Reject.class));
        assertInstanceOf(DeployState.Rejected.class, bench.state().tracked(file("bad.jar")).attempt());
    }

    private static PolicyBench.Jar jarWithDigest(String name, String version, String digest, String... requires) {
        return new PolicyBench.Jar(withDigest(name, version, digest, requires));
    }

    @Test
    void attempted_twoRequirementsNothingProvides_rejectionNamesBoth() {
        PolicyBench bench = new PolicyBench().drop("app.jar", jar("app", "1", "a", "b")).event("app.jar");

        assertEquals(List.of(new Action.Reject(file("app.jar"), "module app 1 requires 'a' and 'b', which no file in the"
                + " folder provides; add those modules first")), bench.of(Action.Reject.class));
    }

    @Test
    void attempted_oneRequirementNothingProvides_rejectionNamesItAlone() {
        PolicyBench bench = new PolicyBench().drop("app.jar", jar("app", "1", "a")).event("app.jar");

        assertEquals(List.of(new Action.Reject(file("app.jar"), "module app 1 requires 'a', which no file in the"
                + " folder provides; add that module first")), bench.of(Action.Reject.class));
    }

    @Test
    void attempted_fallbackToAVersionWhoseRequirementsLeft_stopCountingNamesEveryMissingModule() {
        PolicyBench bench = new PolicyBench().drop("base.jar", jar("base", "1")).drop("extra.jar", jar("extra", "1"))
                .drop("app-1.jar", jar("app", "1", "base", "extra", "kept")).drop("kept.jar", jar("kept", "1"))
                .drop("app-2.jar", jar("app", "2")).start()
                .delete("base.jar").delete("extra.jar").event("base.jar", "extra.jar").clearActions();

        bench.delete("app-2.jar").event("app-2.jar");

        assertEquals(List.of(new Action.StopCounting(file("app-1.jar"), "module app 1 requires 'base' and 'extra', which"
                + " no file in the folder provides; add those modules first")), bench.of(Action.StopCounting.class));
        assertEquals(Map.of("kept", "1"), bench.current());
    }

    @Test
    void attempted_sameModuleAndVersionWithOtherBytes_warnsOnceNamingBothAndTheCurrentOne() {
        PolicyBench bench = new PolicyBench().drop("app-1.0.jar", jarWithDigest("app", "1.0", "shaded")).event("app-1.0.jar")
                .drop("original-app-1.0.jar", jarWithDigest("app", "1.0", "thin")).event("original-app-1.0.jar");

        bench.drop("other.jar", jar("other", "1")).event("other.jar").touch("original-app-1.0.jar")
                .event("original-app-1.0.jar").settle();

        assertEquals(List.of(new Action.WarnSameVersion(List.of(
                new Action.Offer(file("app-1.0.jar"), withDigest("app", "1.0", "shaded")),
                new Action.Offer(file("original-app-1.0.jar"), withDigest("app", "1.0", "thin"))),
                file("original-app-1.0.jar"))), bench.of(Action.WarnSameVersion.class));
        assertEquals("thin", bench.state().deployed().get("app").digest(), "rule 5: the most recent arrival is current");
    }

    @Test
    void attempted_sameModuleAndVersionWithOtherBytesInOneRound_oneWarning() {
        PolicyBench bench = new PolicyBench().drop("app-1.0.jar", jarWithDigest("app", "1.0", "shaded"))
                .drop("original-app-1.0.jar", jarWithDigest("app", "1.0", "thin")).start();

        assertEquals(1, bench.of(Action.WarnSameVersion.class).size(), () -> bench.of(Action.WarnSameVersion.class).toString());
    }

    @Test
    void attempted_sameModuleAndVersionWithTheSameBytes_noWarning() {
        PolicyBench bench = new PolicyBench().drop("app.jar", jar("app", "1.0")).start()
                .drop("copy.jar", jar("app", "1.0")).event("copy.jar");

        assertEquals(List.of(), bench.of(Action.WarnSameVersion.class));
    }

    @Test
    void attempted_fileWrittenAgainWithItsBytes_oneUnchangedNamingItself() {
        PolicyBench bench = new PolicyBench().drop("m.jar", jar("m", "1")).start().clearActions();

        bench.touch("m.jar").event("m.jar").event("m.jar").settle(); // the second event of one write is no news

        assertEquals(List.of(new Action.Unchanged(file("m.jar"), file("m.jar"), PolicyBench.module("m", "1"))),
                bench.of(Action.Unchanged.class));
        assertEquals(List.of(), bench.deploys());
    }

    @Test
    void attempted_secondFileWithTheCurrentBytes_unchangedNamingTheOtherAndNoNewNamespace() {
        PolicyBench bench = new PolicyBench().drop("m.jar", jar("m", "1")).start().clearActions();

        bench.drop("m-copy.jar", jar("m", "1")).event("m-copy.jar").settle();

        assertEquals(List.of(new Action.Unchanged(file("m-copy.jar"), file("m.jar"), PolicyBench.module("m", "1"))),
                bench.of(Action.Unchanged.class));
        assertEquals(List.of(), bench.deploys());
    }

    @Test
    void attempted_secondFileWithTheBytesOfAnOlderVersion_deploysItAndSaysNothingUnchanged() {
        PolicyBench bench = new PolicyBench().drop("m-1.jar", jar("m", "1")).drop("m-2.jar", jar("m", "2")).start()
                .clearActions();

        bench.drop("m-1-again.jar", jar("m", "1")).event("m-1-again.jar");

        assertEquals(List.of(), bench.of(Action.Unchanged.class));
        assertEquals(Map.of("m", "1"), bench.current(), "rule 5: the most recent arrival, even of old bytes");
    }

    @Test
    void attempted_classPathHeader_warnedOnceForItsBytes() {
        PolicyBench.Jar withClassPath = new PolicyBench.Jar(PolicyBench.module("app", "1"), List.of("lib/a.jar", "lib/b.jar"));
        PolicyBench bench = new PolicyBench().drop("app.jar", withClassPath).event("app.jar");

        bench.event("app.jar").touch("app.jar").event("app.jar").settle()       // retries of the same bytes
                .drop("app-copy.jar", withClassPath).event("app-copy.jar")      // the same bytes in a second file
                .rename("app-copy.jar", "app-moved.jar").rescan().event("app-copy.jar", "app-moved.jar");

        assertEquals(List.of(new Action.WarnClassPath(file("app.jar"), PolicyBench.module("app", "1"),
                List.of("lib/a.jar", "lib/b.jar"))), bench.of(Action.WarnClassPath.class));
    }

    @Test
    void attempted_classPathHeaderInNewBytes_warnedAgain() {
        PolicyBench bench = new PolicyBench()
                .drop("app.jar", new PolicyBench.Jar(PolicyBench.module("app", "1"), List.of("x.jar"))).event("app.jar");

        bench.overwrite("app.jar", new PolicyBench.Jar(PolicyBench.module("app", "2"), List.of("x.jar"))).event("app.jar");

        assertEquals(2, bench.of(Action.WarnClassPath.class).size());
    }

    @Test
    void attempted_intakeNotes_oneDebugLinePerNewArrival() {
        String note = "lib.jar: its Maven pom META-INF/maven/g/lib/pom.xml does not parse (x): no requires taken from it";
        PolicyBench bench = new PolicyBench()
                .drop("lib.jar", new PolicyBench.Jar(PolicyBench.module("lib", "1"), List.of(), List.of(note))).event("lib.jar");

        bench.event("lib.jar").touch("lib.jar").event("lib.jar");

        assertEquals(List.of(new Action.Debug(note)),
                bench.of(Action.Debug.class).stream().filter(d -> d.message().contains("pom")).toList());
        assertEquals(Map.of("lib", "1"), bench.current(), "a pom that does not parse rejects nothing");
    }
}
