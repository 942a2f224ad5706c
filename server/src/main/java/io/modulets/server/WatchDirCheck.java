package io.modulets.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether other users can put code in the watched folder: a jar dropped there runs as the server's user, so the
 * folder must be writable by its owner only, and so must every parent without the sticky bit (whoever can write to
 * a parent can rename the folder away and put their own in its place). Group-writable counts: a group's other
 * members are other users. The folder and every parent must also belong to the server's user or to root, sticky or
 * not: an owner can change its mode, or replace what is in it, at any time. Both the path as given and the real path
 * behind its symbolic links are checked. Only at start: a mode changed later is not seen.
 *
 * <p>POSIX only: on a file system that does not keep POSIX modes there is nothing to check, and
 * {@link #check} says so for a WARN line.
 */
final class WatchDirCheck {

    private static final int GROUP_WRITE = 0020;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private WatchDirCheck() {
    }

    /** What the check found: nothing to say, or a warning to log (the folder cannot be checked). */
    record Result(Optional<String> warning) {
    }

    /**
     * Checks {@code dir}, which exists.
     *
     * @param allowWritable the server's override: report a writable folder as a warning instead of refusing
     * @throws StartupRefused if other users can write to the folder or to a parent without the sticky bit
     */
    static Result check(Path dir, boolean allowWritable) throws StartupRefused {
        if (!keepsModes(dir)) {
            return new Result(Optional.of("cannot check who may write to " + dir + ": its file system keeps no POSIX"
                    + " permissions; make sure only you can write to it, since a jar dropped there runs as user " + user()));
        }
        Optional<Finding> found = find(dir);
        if (found.isEmpty()) {
            return new Result(Optional.empty());
        }
        String problem = found.get().problem();
        if (allowWritable) {
            return new Result(Optional.of("watching " + dir + " although " + problem
                    + " (--allow-writable-watch-dir): a jar dropped there runs as user " + user()));
        }
        String fix = found.get().owner() != null ? "chown " + user() + " " + found.get().path()
                : "chmod go-w " + found.get().path();
        throw new StartupRefused("refusing to watch " + dir + ": " + problem + "; a jar dropped there runs as user "
                + user() + ". Fix it with: " + fix + ", or start with --allow-writable-watch-dir if that is what you mean");
    }

    /** A folder on the way that others can write to, or that another user owns ({@code owner}, else null). */
    private record Finding(Path path, int mode, boolean self, String owner) {

        String problem() {
            if (owner != null) {
                return (self ? "it belongs to user " + owner : "its parent " + path + " belongs to user " + owner)
                        + ", who can change it at any time";
            }
            return self ? "other users can write to it (" + describe(mode) + ")"
                    : "other users can write to its parent " + path + " (" + describe(mode) + ", no sticky bit),"
                            + " so they can replace the folder";
        }
    }

    private static boolean keepsModes(Path dir) throws StartupRefused {
        try {
            java.nio.file.FileStore store = Files.getFileStore(dir);
            return store.supportsFileAttributeView("unix") || store.supportsFileAttributeView("posix");
        } catch (IOException e) {
            throw new StartupRefused("cannot check who may write to " + dir + ": " + e.getMessage());
        }
    }

    /**
     * The first folder, from {@code dir} up, that makes it writable by others. Symbolic links are skipped (their own
     * mode means nothing); the real folders behind them are checked.
     */
    private static Optional<Finding> find(Path dir) throws StartupRefused {
        Path real = real(dir);
        for (Path path : checked(dir, real)) {
            if (Files.isSymbolicLink(path)) {
                continue;
            }
            int mode = mode(path);
            boolean self = path.equals(dir) || path.equals(real);
            String owner = owner(path);
            if (!owner.equals(user()) && !owner.equals("root")) {
                return Optional.of(new Finding(path, mode, self, owner));
            }
            if (writableByOthers(mode) && (self || (mode & STICKY) == 0)) {
                return Optional.of(new Finding(path, mode, self, null));
            }
        }
        return Optional.empty();
    }

    /** The folder, its real path, then the parents of each, each once. */
    private static Set<Path> checked(Path dir, Path real) {
        Set<Path> paths = new LinkedHashSet<>();
        paths.add(dir);
        paths.add(real);
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            paths.add(p);
        }
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            paths.add(p);
        }
        return paths;
    }

    private static Path real(Path dir) throws StartupRefused {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StartupRefused("cannot watch " + dir + ": " + e.getMessage());
        }
    }

    private static boolean writableByOthers(int mode) {
        return (mode & (GROUP_WRITE | OTHERS_WRITE)) != 0;
    }

    /**
     * The mode as {@code ls -ld} shows it ({@code drwxrwxrwx}); for a folder only its group may write to, that this
     * counts too.
     */
    static String describe(int mode) {
        StringBuilder out = new StringBuilder("d");
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            out.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        if ((mode & STICKY) != 0) {
            out.setCharAt(9, (mode & 0001) != 0 ? 't' : 'T');
        }
        if ((mode & OTHERS_WRITE) == 0) {
            out.append(": its group can write to it, and the group's other members are other users too");
        }
        return out.toString();
    }

    private static int mode(Path path) throws StartupRefused {
        try {
            if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
                return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            }
            int mode = 0;
            for (java.nio.file.attribute.PosixFilePermission p : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
                mode |= 0400 >> p.ordinal();
            }
            return mode;
        } catch (IOException e) {
            throw new StartupRefused("cannot check who may write to " + path + ": " + e.getMessage());
        }
    }

    private static String owner(Path path) throws StartupRefused {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException e) {
            throw new StartupRefused("cannot check who owns " + path + ": " + e.getMessage());
        }
    }

    private static String user() {
        return System.getProperty("user.name");
    }
}
