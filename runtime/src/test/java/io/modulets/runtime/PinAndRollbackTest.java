package io.modulets.runtime;

import static io.modulets.runtime.RuntimeFixture.WAIT;
import static io.modulets.runtime.RuntimeFixture.magic;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import io.modulets.testshared.Gates;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History, pins and rollbacks through the runtime (rules 5 and 13): the history survives restarts, the store keeps the
 * last versions after their files left, a pin wins over the folder until unpinned and survives a restart, a rollback
 * pins the version current before, running jobs keep their code, and every bad request says what the history holds.
 */
class PinAndRollbackTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @RegisterExtension
    final LogLines log = new LogLines("io.modulets");

    private int magicNumber() {
        return result(fx.runtime.<Integer>submit(JobSpec.of("magic", "magic.MagicJob")));
    }

    @Test
    void history_twoVersionsAndARestart_statesDigestsSourcesAndFirstArrivalKept() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        String gate = "history-" + UUID.randomUUID();
        JobHandle<Integer> held = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");

        List<HistoryEntry> history = fx.runtime.history("magic");
        assertEquals(List.of("1", "2"), history.stream().map(HistoryEntry::version).toList());
        assertEquals(List.of(VersionState.ALIVE, VersionState.CURRENT), history.stream().map(HistoryEntry::state).toList());
        assertEquals(List.of(1, 1), history.stream().map(HistoryEntry::liveNamespaces).toList());
        assertEquals(List.of("magic-1.jar", "magic-2.jar"), history.stream().map(HistoryEntry::source).toList());
        assertEquals(fx.runtime.current().digests().get("magic"), history.get(1).digest());
        assertFalse(history.get(0).arrived().isAfter(history.get(1).arrived()));

        Gates.open(gate);
        result(held);
        await().atMost(WAIT).until(() -> fx.runtime.history("magic").getFirst().state() == VersionState.RETIRED);
        fx.restart();

        List<HistoryEntry> after = fx.runtime.history("magic");
        assertEquals(List.of(VersionState.RETIRED, VersionState.CURRENT), after.stream().map(HistoryEntry::state).toList());
        assertEquals(history.stream().map(HistoryEntry::arrived).toList(), after.stream().map(HistoryEntry::arrived).toList(),
                "the first arrival is kept across a restart");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> fx.runtime.history("nope"));
        assertEquals("the history has no module 'nope'; it has magic", unknown.getMessage());
    }

    @Test
    void pin_olderVersionWinsOverTheFolder_runningJobKeepsItsCode_unpinGivesItBack() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        String gate = "pin-" + UUID.randomUUID();
        JobHandle<Integer> onTwo = fx.runtime.submit(JobSpec.of("magic", "magic.MagicJob").withArg("gate", gate));

        HistoryEntry pinned = fx.runtime.pin("magic", "1");

        assertEquals("1", pinned.version());
        assertEquals(VersionState.CURRENT, pinned.state());
        assertTrue(pinned.pinned());
        assertEquals("1", fx.runtime.current().modules().get("magic"), "pin() returns once the pin is current");
        assertEquals(1, magicNumber());
        assertTrue(fx.runtime.modules().getFirst().pinned());
        RuntimeEvent.Pinned event = fx.awaitEvent(RuntimeEvent.Pinned.class, e -> e.module().equals("magic"));
        assertEquals(pinned.digest(), event.digest());
        assertFalse(event.rollback());
        assertEquals(1, log.matching(Level.INFO, "pinned magic 1 (" + pinned.shortDigest() + "): it is current whatever"
                + " the folder holds, until unpinned").size(), log.all().toString());

        fx.drop("magic-3.jar", magic("3", 3));
        fx.runtime.rescan(); // the folder's round that takes magic-3.jar is done when this returns
        assertEquals("3", fx.runtime.history("magic").getLast().version(), "magic-3.jar was accepted");
        assertEquals("1", fx.runtime.current().modules().get("magic"), "a newer file does not win over the pin");
        Gates.open(gate);
        assertEquals(2, result(onTwo), "the job bound before the pin finished on its own code");

        assertTrue(fx.runtime.unpin("magic"));
        assertEquals("3", fx.runtime.current().modules().get("magic"));
        assertEquals(3, magicNumber());
        assertEquals("1", fx.awaitEvent(RuntimeEvent.Unpinned.class, e -> e.module().equals("magic")).version());
        log.awaitLine(Level.INFO, "unpinned magic (was 1): the folder decides again; current is 3");
        assertFalse(fx.runtime.unpin("magic"), "not pinned any more");
    }

    @Test
    void pin_survivesARestart_evenWithItsFileGoneFromTheFolder() throws IOException {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        fx.runtime.pin("magic", "1");
        Files.delete(fx.watchDir.resolve("magic-1.jar"));

        fx.restart();

        assertEquals("1", fx.runtime.current().modules().get("magic"));
        assertTrue(fx.runtime.modules().getFirst().pinned());
        assertEquals(1, magicNumber());
        fx.runtime.unpin("magic");
        assertEquals("2", fx.runtime.current().modules().get("magic"));
        fx.restart();
        assertEquals("2", fx.runtime.current().modules().get("magic"), "the unpin survives a restart too");
    }

    @Test
    void pin_whoseRequirementLeftWhileDown_isDroppedAtRestartWithAWarning_andNoUnpinnedEvent() throws IOException {
        fx.drop("lib.jar", ModuleJar.named("lib").version("1").source("lib.Lib", "package lib; public class Lib {}"));
        fx.drop("magic-1.jar", magic("1", 1).requires("lib"));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        fx.runtime.pin("magic", "1");
        fx.runtime.close();
        Files.delete(fx.watchDir.resolve("lib.jar"));
        Files.delete(fx.watchDir.resolve("magic-1.jar"));

        fx.restart();

        assertEquals("2", fx.runtime.current().modules().get("magic"));
        assertFalse(fx.runtime.modules().stream().anyMatch(ModuleStatus::pinned));
        log.awaitLine(Level.WARNING, "the pin of magic to magic 1 does not hold after the restart");
        assertTrue(fx.events.stream().noneMatch(e -> e instanceof RuntimeEvent.Unpinned), fx.events.toString());
        fx.restart();
        assertFalse(fx.runtime.modules().getFirst().pinned(), "the dropped pin stays dropped");
    }

    @Test
    void rollback_pinsTheVersionCurrentBefore_thenOneFurther_thenSaysThereIsNone() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        fx.drop("magic-3.jar", magic("3", 3));
        fx.awaitVersion("magic", "3");

        assertEquals("2", fx.runtime.rollback("magic").version());
        assertEquals(2, magicNumber());
        assertTrue(fx.awaitEvent(RuntimeEvent.Pinned.class, e -> e.version().equals("2")).rollback());
        log.awaitLine(Level.INFO, "rolled back to magic 2");
        assertEquals("1", fx.runtime.rollback("magic").version());
        assertEquals(1, magicNumber());

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> fx.runtime.rollback("magic"));
        assertTrue(none.getMessage().startsWith("module 'magic' has no version older than 1 ("), none.getMessage());
        assertTrue(none.getMessage().contains("its history: 1 ("), none.getMessage());
        assertEquals("1", fx.runtime.current().modules().get("magic"), "a failed rollback changes nothing");
    }

    @Test
    void pin_unknownVersionOrModule_failsListingWhatTheHistoryHolds_andChangesNothing() {
        fx.drop("magic-1.jar", magic("1", 1));
        fx.start();
        fx.drop("magic-2.jar", magic("2", 2));
        fx.awaitVersion("magic", "2");
        List<HistoryEntry> history = fx.runtime.history("magic");

        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> fx.runtime.pin("magic", "9"));
        assertEquals("the history of module 'magic' has no version '9'; it holds 1 (" + history.get(0).shortDigest()
                + ") and 2 (" + history.get(1).shortDigest() + ")", version.getMessage());
        IllegalArgumentException module = assertThrows(IllegalArgumentException.class, () -> fx.runtime.pin("nope", "1"));
        assertEquals("the history has no module 'nope'; it has magic", module.getMessage());
        assertEquals("2", fx.runtime.current().modules().get("magic"));
        assertEquals("1", fx.runtime.pin("magic", history.get(0).digest().substring(0, 8)).version(), "by digest prefix");
    }

    @Test
    void retention_storeKeepsTheLastVersionsAfterTheirFilesLeft_olderOnesRemovedAndRefused() throws IOException {
        fx.start(fx.builder().historyVersions(2));
        for (int v = 1; v <= 4; v++) {
            fx.drop("magic-" + v + ".jar", magic(String.valueOf(v), v));
            fx.awaitVersion("magic", String.valueOf(v));
        }
        for (int v = 1; v <= 3; v++) {
            Files.delete(fx.watchDir.resolve("magic-" + v + ".jar")); // only the store has them now
        }
        fx.runtime.rescan();

        await().atMost(WAIT).until(() -> fx.runtime.history("magic").stream().map(HistoryEntry::state).toList()
                .equals(List.of(VersionState.REMOVED, VersionState.REMOVED, VersionState.RETIRED, VersionState.CURRENT)));
        IllegalArgumentException gone = assertThrows(IllegalArgumentException.class, () -> fx.runtime.pin("magic", "1"));
        assertTrue(gone.getMessage().contains("its files left the store (it keeps the last 2 versions of each module"),
                gone.getMessage());
        assertEquals("3", fx.runtime.rollback("magic").version(), "the jar is not needed back");
        assertEquals(3, magicNumber());
    }
}
