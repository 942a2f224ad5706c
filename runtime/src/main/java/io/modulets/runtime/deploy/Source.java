package io.modulets.runtime.deploy;

/**
 * Where a module version was offered: the key of everything the deploy policy remembers about one offer. Today
 * the only source is a file of the watched folder; a Maven repository would add its own key (an artifact's
 * coordinates) beside {@link FolderFile}, and the policy would treat its offers like files' offers.
 */
sealed interface Source permits FolderFile, PinnedVersion {

    /** How a log line or an error message names it. */
    String describe();
}
