package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;

/** How the shell's attempt on a source ended: the inputs of {@link DeployPolicy#attempted}. */
sealed interface AttemptResult {

    /** The source the attempt was on. */
    Source source();

    /** Staged, valid and committed to the store: the source offers {@code module}. */
    record Accepted(Source source, FileStamp stamp, ModuleVersion module) implements AttemptResult {
    }

    /**
     * Not acceptable as it is now.
     *
     * @param reason what is wrong, fit for a WARN line
     * @param isFinal whether the attempt was the last one (the stamp was stable for the settle window)
     */
    record Failed(Source source, FileStamp stamp, String reason, boolean isFinal) implements AttemptResult {
    }

    /**
     * Nothing learned: the file vanished, or a write arrived while it was copied. Its event or the next listing
     * brings it back.
     */
    record Inconclusive(Source source, String why) implements AttemptResult {
    }
}
