package io.modulets.runtime.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The runtime's own immutable, content-addressed copy of every accepted jar: {@code <state-dir>/store/<sha256>.jar}.
 *
 * <p>A jar enters in two steps. {@link #stage} copies the watched file once into a temporary file inside the
 * store while hashing it, so the watched file is never read again; the caller validates the staged copy.
 * {@link #commit} then fsyncs it and renames it atomically to its digest name. A crash at any moment leaves
 * either no file or a complete one under a digest name; temporaries are removed by {@link #removeTemporaries}.
 * Store files are never written after commit: a namespace's loader reads classes from them for as long as it
 * lives.
 *
 * <p>Thread-safe for concurrent stages; commit and delete of one digest are expected from one thread (the
 * runtime's control thread).
 */
public final class ContentStore {

    private static final Logger LOG = Logger.getLogger("io.modulets.store");
    private static final String TEMP_PREFIX = ".staging-";
    private static final String SUFFIX = ".jar";

    private final Path dir;

    /** A store in {@code dir}, created if missing. */
    public ContentStore(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store directory " + this.dir, e);
        }
    }

    /** The store's directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Copies {@code source} into a temporary file of the store while computing its SHA-256.
     *
     * @throws NoSuchFileException if the source disappeared
     * @throws IOException if it cannot be read or the store cannot be written
     */
    public StagedJar stage(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return stage(in);
        }
    }

    /**
     * Copies what {@code in} yields, to its end, into a temporary file of the store while computing its SHA-256:
     * how a jar nested in a module jar enters the store (rule 2), with nothing unpacked outside it. The caller
     * closes {@code in}.
     *
     * @throws IOException if it cannot be read or the store cannot be written
     */
    public StagedJar stage(InputStream in) throws IOException {
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX, SUFFIX);
        try {
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                size = in.transferTo(out);
            }
            return new StagedJar(tmp, HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Makes a staged jar durable under its digest name: fsync, then atomic rename. If the store already holds
     * that digest, the staged copy is dropped and the existing file is kept.
     *
     * @return the store file
     */
    public Path commit(StagedJar staged) throws IOException {
        Path target = pathOf(staged.digest());
        if (Files.exists(target)) {
            Files.deleteIfExists(staged.file());
            return target;
        }
        try (FileChannel channel = FileChannel.open(staged.file(), StandardOpenOption.WRITE)) {
            channel.force(true); // rule 11: the bytes are on disk before the name says they are
        }
        Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        return target;
    }

    /** Drops a staged copy that was not accepted. Never throws. */
    public void discard(StagedJar staged) {
        try {
            Files.deleteIfExists(staged.file());
        } catch (IOException e) {
            LOG.warnf("cannot delete the staged copy %s: %s", staged.file(), e.getMessage());
        }
    }

    /** The store file of {@code digest}, whether or not it exists. */
    public Path pathOf(String digest) {
        return dir.resolve(digest + SUFFIX);
    }

    /** The digests of every committed jar. */
    public Set<String> digests() {
        Set<String> digests = new LinkedHashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".")) {
                    digests.add(name.substring(0, name.length() - SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the store " + dir, e);
        }
        return digests;
    }

    /**
     * Deletes the store file of {@code digest}. Classes already read from it are unaffected; a loader that
     * still has the file open keeps reading it until closed (POSIX semantics). The JDK's own copy of the file in
     * its jar-URL cache, if any, is closed right after (see {@link #closeJarUrlCache}).
     *
     * @return whether a file was deleted
     */
    public boolean delete(String digest) {
        Path file = pathOf(digest);
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s from the store: %s", digest, e.getMessage());
            return false;
        }
        if (deleted) { // after the delete: a URL opened in between cannot cache the file again, it is gone
            closeJarUrlCache(file);
        }
        return deleted;
    }

    /**
     * Module loaders hand out {@code jar:file:<store file>!/<entry>} URLs (rule 6). Opening one with caches on, as
     * {@code URL.openStream()} does, makes the JDK keep that file open in its global jar-URL cache (the
     * {@code JarFile} behind {@code JarURLConnection}) until someone closes it, which nothing ever does: a store
     * file deleted later would stay open, and its disk space taken, until the JVM exits. Store files are
     * immutable and content-addressed, so the cached bytes are always right while the file is in use; when it
     * leaves the store, this closes the cached {@code JarFile} (at the base version and at {@code #runtime}),
     * which takes it out of the cache. A URL kept after that opens the file anew, and fails once it is gone.
     */
    private static void closeJarUrlCache(Path file) {
        for (String ref : new String[] {"", "#runtime"}) {
            try {
                URLConnection connection = URI.create("jar:" + file.toUri() + "!/" + ref).toURL().openConnection();
                connection.setUseCaches(true);
                ((JarURLConnection) connection).getJarFile().close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("cannot close the JDK's cached copy of %s: %s", file, e.getMessage());
            }
        }
    }

    /** Removes temporaries left by a crash during {@link #stage}; called once on start. */
    public int removeTemporaries() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the store " + dir, e);
        }
        return removed;
    }

    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some filesystems cannot open a directory for sync; the rename itself is still atomic.
            LOG.debugf("cannot fsync the store directory %s: %s", dir, e.getMessage());
        }
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
