package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import java.nio.file.Path;

/**
 * An accepted file of the watched folder: which module version it declares and when it arrived.
 *
 * @param file the path in the watched folder
 * @param module the version it declares, with its bytes in the store
 * @param arrival a rising sequence number: the highest present one wins for its module (rule 5)
 */
public record FolderEntry(Path file, ModuleVersion module, long arrival) {
}
