package io.modulets.server;

import io.modulets.runtime.jmx.ProcessFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One server per state folder: an exclusive lock on {@code <state-dir>/server.lock}, held for the life of the
 * process and let go by the OS when it ends, however it ends (so a crash leaves no stale lock). Two servers on one
 * store would corrupt it. The lock is advisory: it keeps out other servers, not other programs.
 */
final class StateDirLock {

    /** The lock file's name in the state folder. */
    static final String FILE_NAME = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code stateDir}, which exists.
     *
     * @throws StartupRefused if another process holds it, naming that server's pid when its process file says
     */
    static StateDirLock take(Path stateDir) throws StartupRefused {
        Path file = stateDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StartupRefused("another modulets server" + holder(stateDir) + " uses the state folder " + stateDir
                        + " (it holds " + file + "); stop it first (see: modulets status --state-dir " + stateDir
                        + "), or give this one its own --state-dir");
            }
            return new StateDirLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupRefused("cannot lock the state folder " + stateDir + " (" + file + "): " + e.getMessage());
        }
    }

    /** {@code " (pid 1234)"} from the state folder's process file, or nothing if it has none (yet) or is unreadable. */
    private static String holder(Path stateDir) {
        try {
            Optional<ProcessFile> process = ProcessFile.read(stateDir);
            return process.map(p -> " (pid " + p.pid() + ", user " + p.user() + ")").orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // the open or lock failure is what the caller reports
        }
    }

    /** Whether this process still holds the lock. */
    boolean held() {
        return lock.isValid() && channel.isOpen();
    }
}
