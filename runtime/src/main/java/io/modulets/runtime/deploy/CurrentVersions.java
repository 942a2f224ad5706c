package io.modulets.runtime.deploy;

import io.modulets.runtime.deploy.DeployState.Entry;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Which source's version of each module is current (rule 5): the most recent arrival among the entries that
 * count. This is the one place that choice is made, so an operator pin ({@code pin(module, version)}: a version
 * from history wins over whatever the sources offer, until unpinned) becomes one more argument here, consulted
 * before the arrivals, and entries of a second source (a Maven repository) compete by arrival like files do.
 */
final class CurrentVersions {

    /** Higher arrival first; equal ranks (never handed out twice, but a stable order costs nothing) by source. */
    private static final Comparator<Map.Entry<Source, Entry>> NEWEST = Comparator
            .comparingLong((Map.Entry<Source, Entry> e) -> e.getValue().arrival())
            .thenComparing(e -> e.getKey().describe(), Comparator.reverseOrder());

    private CurrentVersions() {
    }

    /** Per module name, the source whose entry is current, among {@code entries}. */
    static Map<String, Source> choose(Map<Source, Entry> entries) {
        Map<String, Map.Entry<Source, Entry>> newest = new HashMap<>();
        for (Map.Entry<Source, Entry> e : entries.entrySet()) {
            newest.merge(e.getValue().module().name(), e, (a, b) -> NEWEST.compare(a, b) >= 0 ? a : b);
        }
        Map<String, Source> chosen = new HashMap<>();
        newest.forEach((name, e) -> chosen.put(name, e.getKey()));
        return chosen;
    }
}
