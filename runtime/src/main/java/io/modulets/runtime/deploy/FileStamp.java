package io.modulets.runtime.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What a file looks like from outside: size, modification time and identity (inode). Two equal stamps
 * taken before and after reading a file mean no write arrived in between, as far as the filesystem tells. A file
 * renamed inside one filesystem keeps its stamp, which is how the deploy policy tells a rename from a new arrival.
 *
 * @param size bytes
 * @param modifiedNanos modification time in nanoseconds since the epoch, at the filesystem's resolution
 * @param fileKey the filesystem's identity of the file, or null where it has none
 */
record FileStamp(long size, long modifiedNanos, Object fileKey) {

    /** The stamp of {@code file}, or null if it does not exist (or is not a regular file). */
    static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return null;
            }
            long nanos = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return new FileStamp(attributes.size(), nanos, attributes.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileStamp other && size == other.size && modifiedNanos == other.modifiedNanos
                && Objects.equals(fileKey, other.fileKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, modifiedNanos, fileKey);
    }
}
