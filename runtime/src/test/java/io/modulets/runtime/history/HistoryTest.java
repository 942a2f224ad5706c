package io.modulets.runtime.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history's file: what a restart reads back, what a damaged file becomes, and which store files it keeps. */
class HistoryTest {

    @TempDir
    Path state;

    @Test
    void save_thenOpenAgain_readsBackRecordsPinsAndFirstArrivals() {
        History history = History.open(state);
        Instant first = Instant.parse("2026-12-01T10:00:00.123Z");
        history.accepted("app", "1", List.of("d1", "lib1"), "app 1\twith tab\nand newline \\ .jar", first);
        history.accepted("app", "1", List.of("d1", "lib1"), "renamed.jar", first.plusSeconds(60)); // known: first kept
        history.accepted("app", "2", List.of("d2"), "app-2.jar", first.plusSeconds(120));
        history.becameCurrent("app", "d1", first.plusSeconds(1));
        history.pin("app", "d1");
        history.saveNow();

        History again = History.open(state);

        assertEquals(List.of(
                new VersionRecord("app", "1", "d1", List.of("d1", "lib1"), "app 1\twith tab\nand newline \\ .jar", first,
                        first.plusSeconds(1)),
                new VersionRecord("app", "2", "d2", List.of("d2"), "app-2.jar", first.plusSeconds(120), null)),
                again.of("app"));
        assertEquals(Map.of("app", "d1"), again.pins());
        assertEquals(Set.of("app"), again.modules());
    }

    @Test
    void save_leavesNoTemporaryFile_andAnUnchangedHistoryIsNotWrittenAgain() throws IOException {
        History history = History.open(state);
        history.accepted("app", "1", List.of("d1"), "app.jar", Instant.now());
        history.saveNow();
        long written = Files.getLastModifiedTime(state.resolve("history")).toMillis();
        Files.setLastModifiedTime(state.resolve("history"), java.nio.file.attribute.FileTime.fromMillis(written - 10_000));

        history.accepted("app", "1", List.of("d1"), "again.jar", Instant.now());
        history.saveNow();

        assertEquals(written - 10_000, Files.getLastModifiedTime(state.resolve("history")).toMillis(), "rewritten");
        try (var files = Files.list(state)) {
            assertEquals(List.of("history"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void open_damagedFile_movedAsideAndTheHistoryStartsEmpty() throws IOException {
        Files.writeString(state.resolve("history"), "modulets-history 1\nV\tapp\t1\tnot enough fields\n");

        History history = History.open(state);

        assertEquals(Set.of(), history.modules());
        try (var files = Files.list(state)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.getFirst().startsWith("history.damaged-"), names.toString());
        }
    }

    @Test
    void open_leftoverTemporaryOfACrashedSave_isIgnored() throws IOException {
        History history = History.open(state);
        history.accepted("app", "1", List.of("d1"), "app.jar", Instant.now());
        history.saveNow();
        Files.writeString(state.resolve(".history.tmp"), "modulets-history 1\nV\thalf"); // a crash before the rename

        assertEquals(1, History.open(state).of("app").size());
    }

    @Test
    void save_writesBehind_andCloseWaitsForItAndWritesTheRest() {
        History history = History.open(state);
        history.accepted("app", "1", List.of("d1"), "app.jar", Instant.now());
        history.save(); // written behind, on a thread of its own
        history.accepted("app", "2", List.of("d2"), "app.jar", Instant.now());
        history.close();

        assertEquals(List.of("1", "2"), History.open(state).of("app").stream().map(VersionRecord::version).toList());
    }

    @Test
    void accepted_pastTheMostRecordsOfAModule_forgetsTheOldestUnpinned() {
        History history = History.open(state);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int v = 0; v <= History.MAX_RECORDS_PER_MODULE + 1; v++) {
            history.accepted("app", String.valueOf(v), List.of("d" + v), "app.jar", t.plusSeconds(v));
            if (v == 1) {
                history.pin("app", "d1");
            }
        }

        List<VersionRecord> records = history.of("app");
        assertEquals(History.MAX_RECORDS_PER_MODULE, records.size());
        assertEquals(List.of("1", "3"), records.subList(0, 2).stream().map(VersionRecord::version).toList(),
                "0 and 2 forgotten, the pinned 1 kept");
        assertEquals(null, history.find("app", "d0"));
    }

    @Test
    void accepted_sameBytesAsTwoModules_twoRecords() {
        History history = History.open(state);
        history.accepted("foo", "1.0", List.of("same"), "foo-1.0.jar", Instant.now());
        history.accepted("bar", "2.0", List.of("same"), "bar-2.0.jar", Instant.now());

        assertEquals(Set.of("foo", "bar"), history.modules());
        assertEquals("2.0", history.find("bar", "same").version());
    }

    @Test
    void open_fileThatIsNotUtf8_movedAsideAndTheHistoryStartsEmpty() throws IOException {
        Files.write(state.resolve("history"), new byte[] {'m', 'o', 'd', (byte) 0xff, (byte) 0xfe, '\n'});

        assertEquals(Set.of(), History.open(state).modules());
        try (var files = Files.list(state)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("history.damaged-")));
        }
    }

    @Test
    void retainedDigests_anOldVersionMadeCurrentAgainCountsAsRecent() {
        History history = History.open(state);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int v = 1; v <= 3; v++) {
            history.accepted("app", String.valueOf(v), List.of("app" + v), "app.jar", t.plusSeconds(v));
            history.becameCurrent("app", "app" + v, t.plusSeconds(v));
        }
        history.becameCurrent("app", "app1", t.plusSeconds(10)); // its jar dropped again

        assertEquals(Set.of("app1", "app3"), history.retainedDigests(2));
    }

    @Test
    void retainedDigests_lastKOfEachModuleAndThePinned() {
        History history = History.open(state);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        for (int v = 1; v <= 4; v++) {
            history.accepted("app", String.valueOf(v), List.of("app" + v, "lib" + v), "app.jar", t.plusSeconds(v));
        }
        history.accepted("other", "1", List.of("other1"), "other.jar", t);
        history.pin("app", "app1");

        assertEquals(Set.of("app1", "lib1", "app3", "lib3", "app4", "lib4", "other1"), history.retainedDigests(2));
        history.unpin("app");
        assertFalse(history.retainedDigests(2).contains("app1"));
    }
}
