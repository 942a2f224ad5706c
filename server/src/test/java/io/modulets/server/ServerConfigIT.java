package io.modulets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the settings come from, in rising order: the server's {@code application.properties} (folders relative to
 * the working folder), environment variables, system properties, options.
 */
class ServerConfigIT {

    @TempDir
    Path dir;

    @Test
    void defaults_areTheFoldersModulesAndModuletsStateInTheWorkingFolder() {
        try (ServerProcess server = ServerProcess.in(dir).started()) {
            assertTrue(server.awaitLine(ServerProcess.STARTED).contains("watching " + dir.resolve("modules") + ", state in "
                    + dir.resolve("modulets-state") + ","), server.output());
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("they get up to 10s, the drain timeout");
        }
    }

    @Test
    void environmentVariable_setsTheWatchedFolder() {
        Path watched = dir.resolve("from-env");
        try (ServerProcess server = ServerProcess.in(dir).env("MODULETS_WATCH_DIR", watched.toString()).started()) {
            assertTrue(server.awaitLine(ServerProcess.STARTED).contains("watching " + watched + ", state in "
                    + dir.resolve("modulets-state") + ","), server.output());
        }
    }

    @Test
    void systemProperties_setTheFolders_andAnOptionWinsOverThem() {
        Path watched = dir.resolve("from-property");
        Path state = dir.resolve("from-option");
        try (ServerProcess server = ServerProcess.in(dir)
                .jvm("-Dmodulets.watch-dir=" + watched).jvm("-Dmodulets.state-dir=" + dir.resolve("overridden"))
                .jvm("-Dmodulets.drain-timeout=7s").env("MODULETS_DRAIN_TIMEOUT", "9s")
                .args("--state-dir", state.toString())
                .started()) {
            assertTrue(server.awaitLine(ServerProcess.STARTED).contains("watching " + watched + ", state in " + state + ","),
                    server.output());
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("they get up to 7s, the drain timeout");
        }
    }

    @Test
    void optionForARuntimeSetting_reachesTheRuntime() {
        try (ServerProcess server = ServerProcess.in(dir).env("MODULETS_DRAIN_TIMEOUT", "9s").args("--drain-timeout", "3s").started()) {
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("they get up to 3s, the drain timeout");
        }
    }
}
