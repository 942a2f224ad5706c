package io.modulets.runtime.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which record a pin or a rollback means, as tables over a module's records (oldest first). */
class VersionChoiceTest {

    /** A record that arrived at second {@code arrived} and that the folder last made current at {@code current} (0: never). */
    private static VersionRecord record(String version, String digest, long arrived, long current) {
        return new VersionRecord("app", version, digest, List.of(digest), "app-" + version + ".jar",
                Instant.ofEpochSecond(arrived), current == 0 ? null : Instant.ofEpochSecond(current));
    }

    private static final VersionRecord V1 = record("1", "aaaaaa111111", 1, 1);
    private static final VersionRecord V2 = record("2", "bbbbbb222222", 2, 2);
    private static final VersionRecord V2_REBUILT = record("2", "cccccc333333", 3, 3);
    private static final VersionRecord V3_NEVER_CURRENT = record("3", "dddddd444444", 4, 0);
    private static final VersionRecord V4 = record("4", "abcdef555555", 5, 5);
    private static final List<VersionRecord> ALL = List.of(V1, V2, V2_REBUILT, V3_NEVER_CURRENT, V4);

    /** 1, 2 and 3 arrive, 1's jar is dropped again (current at 4), then 4 arrives (current at 5). */
    private static final VersionRecord R1 = record("1", "a1a1a1a1", 1, 4);
    private static final VersionRecord R2 = record("2", "b2b2b2b2", 2, 2);
    private static final VersionRecord R3 = record("3", "c3c3c3c3", 3, 3);
    private static final VersionRecord R4 = record("4", "d4d4d4d4", 5, 5);
    private static final VersionRecord PINNED_ONLY = record("5", "e5e5e5e5", 6, 0);
    private static final List<VersionRecord> REDROPPED = List.of(R1, R2, R3, R4, PINNED_ONLY);

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("a version", "1", V1),
                Arguments.of("a version two builds share: the newest arrival", "2", V2_REBUILT),
                Arguments.of("a digest prefix of 6", "bbbbbb", V2),
                Arguments.of("a digest prefix, upper case", "CCCCCC3", V2_REBUILT),
                Arguments.of("a prefix shorter than 6 is not a digest", "bbbbb", null),
                Arguments.of("an ambiguous prefix matches nothing", "aaaaaa", V1),
                Arguments.of("a prefix two digests share", "ab", null),
                Arguments.of("unknown", "9", null),
                Arguments.of("not hex, not a version", "zzzzzzzz", null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("names")
    void named(String story, String wanted, VersionRecord expected) {
        assertEquals(expected, VersionChoice.named(ALL, wanted));
    }

    static Stream<Arguments> rollbacks() {
        return Stream.of(
                Arguments.of("from the newest: the one before that was current, skipping one never current", V4.digest(),
                        Set.of(), V2_REBUILT),
                Arguments.of("one further back", V2_REBUILT.digest(), Set.of(), V2),
                Arguments.of("from the oldest: nothing", V1.digest(), Set.of(), null),
                Arguments.of("skips versions whose files left the store", V4.digest(), Set.of(V2_REBUILT, V2), V1),
                Arguments.of("nothing held: nothing", V4.digest(), Set.of(V1, V2, V2_REBUILT), null),
                Arguments.of("a current version the history does not know: nothing", "ffffff", Set.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollbacks")
    void rollbackTarget(String story, String current, Set<VersionRecord> gone, VersionRecord expected) {
        assertEquals(expected, VersionChoice.rollbackTarget(ALL, current, r -> !gone.contains(r)));
    }

    static Stream<Arguments> rollbacksAfterARedrop() {
        return Stream.of(
                Arguments.of("from 4: 1, current just before it (its jar came back), not 3", R4, R1),
                Arguments.of("from 1: 3, the one before 1 came back", R1, R3),
                Arguments.of("from 3: 2", R3, R2),
                Arguments.of("from 2: nothing", R2, null),
                Arguments.of("from a version only ever pinned: the one the folder made current last", PINNED_ONLY, R4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rollbacksAfterARedrop")
    void rollbackTarget_alongTheTimesTheFolderMadeVersionsCurrent(String story, VersionRecord current, VersionRecord expected) {
        assertEquals(expected, VersionChoice.rollbackTarget(REDROPPED, current.digest(), r -> true));
    }
}
