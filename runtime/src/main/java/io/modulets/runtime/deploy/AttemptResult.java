package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import java.util.List;

/** How the shell's attempt on a source ended: the inputs of {@link DeployPolicy#attempted}. */
sealed interface AttemptResult {

    /** The source the attempt was on. */
    Source source();

    /**
     * Staged, valid and committed to the store: the source offers {@code module}.
     *
     * @param classPath the entries of its manifest's {@code Class-Path} header, which are not followed (warned
     *     about once per new arrival)
     * @param notes what a DEBUG line should say about it (a Maven pom that could not be used), once per new arrival
     */
    record Accepted(Source source, FileStamp stamp, ModuleVersion module, List<String> classPath, List<String> notes)
            implements AttemptResult {
        public Accepted {
            classPath = List.copyOf(classPath);
            notes = List.copyOf(notes);
        }

        /** Accepted with no {@code Class-Path} and nothing to note. */
        Accepted(Source source, FileStamp stamp, ModuleVersion module) {
            this(source, stamp, module, List.of(), List.of());
        }
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
