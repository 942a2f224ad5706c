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

    private static VersionRecord record(String version, String digest, long arrived, boolean wasCurrent) {
        return new VersionRecord("app", version, digest, List.of(digest), "app-" + version + ".jar",
                Instant.ofEpochSecond(arrived), wasCurrent);
    }

    private static final VersionRecord V1 = record("1", "aaaaaa111111", 1, true);
    private static final VersionRecord V2 = record("2", "bbbbbb222222", 2, true);
    private static final VersionRecord V2_REBUILT = record("2", "cccccc333333", 3, true);
    private static final VersionRecord V3_NEVER_CURRENT = record("3", "dddddd444444", 4, false);
    private static final VersionRecord V4 = record("4", "abcdef555555", 5, true);
    private static final List<VersionRecord> ALL = List.of(V1, V2, V2_REBUILT, V3_NEVER_CURRENT, V4);

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
}
