package io.modulets.runtime.store;

import java.nio.file.Path;

/**
 * A copy of a watched file inside the store, not yet committed.
 *
 * @param file the temporary file
 * @param digest the SHA-256 of its content, lower-case hex
 * @param size its size in bytes
 */
public record StagedJar(Path file, String digest, long size) {
}
