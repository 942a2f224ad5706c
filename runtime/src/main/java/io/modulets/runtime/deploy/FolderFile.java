package io.modulets.runtime.deploy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of the watched folder, as a {@link Source}.
 *
 * @param path its path in the watched folder
 */
record FolderFile(Path path) implements Source {

    FolderFile {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
        return path.toString();
    }

    /** Its file name, for the shorter log lines. */
    String name() {
        return path.getFileName().toString();
    }
}
