package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule 12 for configuration: a bad setting fails at once, with a message naming the setting and the value. */
class BuilderValidationTest {

    @TempDir
    Path root;

    @Test
    void build_watchDirMissing_failsNamingIt() {
        ModuletRuntime.Builder builder = ModuletRuntime.builder().stateDir(root.resolve("state"));

        assertMessage(assertThrows(IllegalStateException.class, builder::build), "watchDir", "required");
    }

    @Test
    void build_stateDirMissing_failsNamingIt() {
        ModuletRuntime.Builder builder = ModuletRuntime.builder().watchDir(root.resolve("watch"));

        assertMessage(assertThrows(IllegalStateException.class, builder::build), "stateDir", "required");
    }

    @Test
    void build_foldersOverlap_failsNamingBoth() {
        Path watch = root.resolve("watch");
        for (Path state : List.of(watch, watch.resolve("state"), root, root.resolve("watch/../watch/x"))) {
            ModuletRuntime.Builder builder = ModuletRuntime.builder().watchDir(watch).stateDir(state);

            IllegalStateException e = assertThrows(IllegalStateException.class, builder::build, state::toString);

            assertMessage(e, "watchDir", "stateDir", watch.toString(), state.toAbsolutePath().normalize().toString());
        }
    }

    @Test
    void durationSetters_zeroOrNegative_failNamingTheSetting() {
        List<Function<Duration, ModuletRuntime.Builder>> setters = List.of(
                ModuletRuntime.builder()::settleWindow, ModuletRuntime.builder()::rescanInterval,
                ModuletRuntime.builder()::leakDeadline, ModuletRuntime.builder()::drainTimeout);
        List<String> names = List.of("settleWindow", "rescanInterval", "leakDeadline", "drainTimeout");
        for (int i = 0; i < setters.size(); i++) {
            for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
                Function<Duration, ModuletRuntime.Builder> setter = setters.get(i);

                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> setter.apply(bad));

                assertMessage(e, names.get(i), bad.toString());
            }
            Function<Duration, ModuletRuntime.Builder> setter = setters.get(i);
            assertMessage(assertThrows(NullPointerException.class, () -> setter.apply(null)), names.get(i));
        }
    }

    @Test
    void sharedPackage_notAPackageName_failsNamingTheSettingAndValue() {
        for (String bad : List.of("", " ", "1abc", "a..b", "a.b-c", ".a", "a.", "a.*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModuletRuntime.builder().sharedPackage(bad), () -> "'" + bad + "'");

            assertMessage(e, "sharedPackage", "'" + bad + "'");
        }
        assertMessage(assertThrows(NullPointerException.class, () -> ModuletRuntime.builder().sharedPackage(null)),
                "sharedPackage");
    }

    @Test
    void sharedPackage_exposingTheRuntimeItself_failsNamingIt() {
        for (String bad : List.of("io", "io.modulets", "io.modulets.runtime", "io.modulets.runtime.store")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModuletRuntime.builder().sharedPackage(bad), () -> "'" + bad + "'");

            assertMessage(e, "sharedPackage", "'" + bad + "'", "io.modulets.runtime");
        }
        ModuletRuntime.builder().sharedPackage("io.modulets.testshared").sharedPackage("io.modulets.runtimes");
    }

    @Test
    void nullFolders_failNamingTheSetting() {
        assertMessage(assertThrows(NullPointerException.class, () -> ModuletRuntime.builder().watchDir(null)), "watchDir");
        assertMessage(assertThrows(NullPointerException.class, () -> ModuletRuntime.builder().stateDir(null)), "stateDir");
    }

    @Test
    void build_validSettings_keepsThemAbsoluteAndNormalized() {
        ModuletRuntime.Builder builder = ModuletRuntime.builder().watchDir(root.resolve("a/../watch"))
                .stateDir(root.resolve("state")).settleWindow(Duration.ofMillis(1)).sharedPackage("com.acme_1.$x");

        try (ModuletRuntime runtime = builder.build()) {
            assertEquals(root.resolve("watch").toAbsolutePath(), runtime.settings().watchDir());
            assertEquals(Duration.ofMillis(1), runtime.settings().settleWindow());
            assertEquals(List.of("com.acme_1.$x"), runtime.settings().sharedPackages());
        }
    }

    private static void assertMessage(Throwable e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    () -> "the message should name '" + fragment + "': " + e.getMessage());
        }
    }
}
