package io.modulets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.runtime.quarkus.ModuletsConfig;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's command line, through the packaged jar: {@code --help}, and what it refuses before anything starts
 * (one line, exit status 2, no folder made).
 */
class ServerOptionsIT {

    @TempDir
    Path dir;

    @Test
    void help_listsAnOptionForEverySettingOfBothMappings_withDefaults_exitsZero() {
        try (ServerProcess server = ServerProcess.in(dir).args("--help").run()) {
            assertEquals(0, server.awaitExit(), server.output());
            String help = server.output();
            for (Method setting : ModuletsConfig.class.getMethods()) {
                assertTrue(help.contains("--" + OptionSpec.kebab(setting.getName()) + "="), setting.getName() + " missing:\n" + help);
            }
            for (Method setting : ServerConfig.class.getMethods()) {
                assertTrue(help.contains("--" + OptionSpec.kebab(setting.getName()) + "="), setting.getName() + " missing:\n" + help);
            }
            assertTrue(help.lines().anyMatch(l -> l.contains("--watch-dir=") && l.contains("default modules")), help);
            assertTrue(help.lines().anyMatch(l -> l.contains("--state-dir=") && l.contains("default modulets-state")), help);
            assertTrue(help.lines().anyMatch(l -> l.contains("--drain-timeout=<duration>") && l.contains("default 10s")), help);
            assertTrue(help.contains("Exit status: 0"), help);
            assertNothingStarted();
        }
    }

    @Test
    void unknownOption_isOneLineOnStderr_exitTwo_nothingStarted() {
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=m", "--no-such-setting=1").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("unknown option --no-such-setting; see --help for the options"), server.lines());
            assertNothingStarted();
        }
    }

    @Test
    void durationThatDoesNotParse_isOneLine_exitTwo() {
        try (ServerProcess server = ServerProcess.in(dir).args("--leak-deadline", "ten seconds").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("--leak-deadline=ten seconds: not a duration; give a number and a unit (500ms, 10s, 5m,"
                    + " 2h, 1d) or ISO-8601 (PT10S)"), server.lines());
            assertNothingStarted();
        }
    }

    @Test
    void booleanThatIsNotTrueOrFalse_isOneLine_exitTwo() {
        try (ServerProcess server = ServerProcess.in(dir).args("--jmx=yes").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("--jmx=yes: give true or false"), server.lines());
        }
    }

    @Test
    void optionWithoutItsValue_isOneLine_exitTwo() {
        try (ServerProcess server = ServerProcess.in(dir).args("--drain-timeout").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("option --drain-timeout needs a value: --drain-timeout=<duration>"), server.lines());
        }
    }

    @Test
    void argumentThatIsNotAnOption_isOneLine_exitTwo() {
        try (ServerProcess server = ServerProcess.in(dir).args("modules").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("unexpected argument 'modules'"), server.output());
        }
    }

    @Test
    void badValueFromTheEnvironment_isOneLine_exitTwo_nothingStarted() {
        try (ServerProcess server = ServerProcess.in(dir).env("MODULETS_DRAIN_TIMEOUT", "soon").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("bad configuration: ") && server.output().contains("modulets.drain-timeout"),
                    server.output());
            assertNothingStarted();
        }
    }

    @Test
    void unknownRuntimeKeyAsSystemProperty_isOneLine_exitTwo() {
        try (ServerProcess server = ServerProcess.in(dir).jvm("-Dmodulets.no-such-setting=1").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("bad configuration: ") && server.output().contains("modulets.no-such-setting"),
                    server.output());
        }
    }

    private void assertNothingStarted() {
        assertFalse(Files.exists(dir.resolve("modules")), "the watch folder was made");
        assertFalse(Files.exists(dir.resolve("modulets-state")), "the state folder was made");
    }
}
