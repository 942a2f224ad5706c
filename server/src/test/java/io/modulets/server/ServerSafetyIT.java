package io.modulets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server refuses to watch a folder that other users can put a jar in (it would run as this user), unless told
 * to with {@code --allow-writable-watch-dir}.
 */
class ServerSafetyIT {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    @Test
    void worldWritableWatchDir_isRefused_sayingHowToFixIt() throws IOException {
        Path watched = folder(dir.resolve("modules"), "rwxrwxrwx");
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched).run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("refusing to watch " + watched + ": other users can write to it (drwxrwxrwx); a jar dropped"
                    + " there runs as user " + USER + ". Fix it with: chmod go-w " + watched
                    + ", or start with --allow-writable-watch-dir if that is what you mean"), server.lines());
        }
    }

    @Test
    void watchDirOwnedByAnotherUser_isRefused_sayingWhoAndHowToFixIt() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(USER), "only root can give a folder to another user");
        Path watched = folder(dir.resolve("modules"), "rwxr-xr-x");
        java.nio.file.attribute.UserPrincipal nobody = watched.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        java.nio.file.Files.setOwner(watched, nobody);
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched).run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("refusing to watch " + watched + ": it belongs to user nobody, who can change it at any"
                    + " time; a jar dropped there runs as user root. Fix it with: chown root " + watched
                    + ", or start with --allow-writable-watch-dir if that is what you mean"), server.lines());
        }
    }

    @Test
    void groupWritableWatchDir_isRefused_sayingTheGroupCounts() throws IOException {
        Path watched = folder(dir.resolve("modules"), "rwxrwxr-x");
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched).run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("refusing to watch " + watched + ": other users can write to it (drwxrwxr-x:"
                    + " its group can write to it, and the group's other members are other users too)"), server.output());
        }
    }

    @Test
    void writableParentWithoutStickyBit_isRefused_namingTheParent() throws IOException {
        Path parent = folder(dir.resolve("shared"), "rwxrwxrwx");
        Path watched = folder(parent.resolve("modules"), "rwxr-xr-x");
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched).run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("refusing to watch " + watched + ": other users can write to its parent "
                    + parent + " (drwxrwxrwx, no sticky bit), so they can replace the folder;"), server.output());
            assertTrue(server.output().contains("Fix it with: chmod go-w " + parent + ","), server.output());
        }
    }

    @Test
    void writableParentWithStickyBit_asTmp_isAccepted() throws Exception {
        Path parent = folder(dir.resolve("sticky"), "rwxrwxrwx");
        setSticky(parent);
        Path watched = folder(parent.resolve("modules"), "rwxr-xr-x");
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched).started()) {
            assertTrue(server.lines().stream().noneMatch(l -> l.contains("WARN")), server.output());
        }
    }

    @Test
    void writableWatchDir_withTheOverride_startsWithAWarning() throws IOException {
        Path watched = folder(dir.resolve("modules"), "rwxrwxrwx");
        try (ServerProcess server = ServerProcess.in(dir).args("--watch-dir=" + watched, "--allow-writable-watch-dir").started()) {
            String warn = server.awaitLine("although other users can write to it");
            assertTrue(warn.contains("WARN") && warn.contains("(--allow-writable-watch-dir)"), warn);
        }
    }

    private static Path folder(Path path, String mode) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        return path;
    }

    private static void setSticky(Path path) throws Exception {
        Process chmod = new ProcessBuilder("chmod", "+t", path.toString()).inheritIO().start();
        assertEquals(0, chmod.waitFor());
        assertEquals(01000, ((Integer) Files.getAttribute(path, "unix:mode")) & 01000);
    }
}
