package io.modulets.runtime.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a source showed the deploy shell: the inputs of {@link DeployPolicy#observe}. */
sealed interface Observation {

    /**
     * A source is there with this stamp.
     *
     * @param byEvent whether a filesystem event named it (an event always retries an accepted file: a same-size
     *     overwrite within the filesystem's time resolution keeps the stamp), else a listing or start found it
     */
    record Seen(Source source, FileStamp stamp, boolean byEvent) implements Observation {
    }

    /** A source is no longer there. */
    record Gone(Source source) implements Observation {
    }

    /**
     * A whole listing of the watched folder: every folder file the policy knows and the listing lacks is gone.
     *
     * @param present the listed files that could be looked at, with their stamps, in listing order (oldest first)
     * @param vanished listed files that were gone (or unreadable) when looked at: not gone yet, since a listing is
     *     no snapshot and a file renamed meanwhile may be listed under its old name only
     */
    record Listing(Map<FolderFile, FileStamp> present, Set<FolderFile> vanished) implements Observation {
        public Listing {
            present = Collections.unmodifiableMap(new LinkedHashMap<>(present));
            vanished = Set.copyOf(vanished);
        }
    }
}
