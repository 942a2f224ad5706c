package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the deploy policy knows, as one immutable value: what each source has shown, the module map last
 * deployed, and who holds which module. Only {@link DeployPolicy} makes new states; the shell keeps the current
 * one. Copy-on-write: a folder holds tens of files, so a new map per change costs nothing worth a mutable one.
 *
 * <p>Keyed by {@link Source}, not by path: a second kind of source (a Maven repository) adds its keys to
 * {@link #sources()} and its entries compete with the folder's in {@link CurrentVersions}. Operator pins would be
 * one more component ({@code module name -> version from history}) that {@link CurrentVersions#choose} consults
 * before arrivals; nothing else here changes shape.
 *
 * @param sources per source, what it showed last and what became of it
 * @param deployed the module map of the namespace the policy last deployed (the current one), by module name
 * @param heldBy modules kept although their last source left, each with the module that requires it
 * @param departed sources that were accepted and left during the round under way: a source seen now with the same
 *     stamp is one of them renamed, and takes over its state instead of being staged again (defect 13); empty
 *     between rounds
 * @param arrivals the last arrival rank handed out; ranks rise, and the highest present one wins for its module
 * @param stale whether something changed since the last reconciliation (an entry arrived or left)
 * @param pins the operator's pins: per module, the version from history that is current whatever the sources offer
 */
record DeployState(Map<Source, Tracked> sources, Map<String, ModuleVersion> deployed, Map<String, String> heldBy,
        Map<Source, Tracked> departed, long arrivals, boolean stale, Map<String, ModuleVersion> pins) {

    DeployState {
        sources = Map.copyOf(sources);
        deployed = Map.copyOf(deployed);
        heldBy = Map.copyOf(heldBy);
        departed = Map.copyOf(departed);
        pins = Map.copyOf(pins);
    }

    /** Nothing seen yet; {@code deployed} is the module map current now. */
    static DeployState initial(Map<String, ModuleVersion> deployed) {
        return new DeployState(Map.of(), deployed, Map.of(), Map.of(), 0, false, Map.of());
    }

    /**
     * What one source showed last.
     *
     * @param stamp its stamp when last seen
     * @param attempt what became of that stamp
     * @param entry the module version it offers since its last accepted attempt (kept while a later stamp is tried
     *     and fails: a broken overwrite does not take the module away), or null if none
     * @param waiting whether the entry does not count now because what it requires is missing (it counts again as
     *     soon as a change provides it)
     */
    record Tracked(FileStamp stamp, Attempt attempt, Entry entry, boolean waiting) {

        Tracked {
            Objects.requireNonNull(stamp, "stamp");
            Objects.requireNonNull(attempt, "attempt");
        }

        /** Whether it offers a module version that counts now. */
        boolean counts() {
            return entry != null && !waiting;
        }

        Tracked withAttempt(Attempt next) {
            return new Tracked(stamp, next, entry, waiting);
        }

        Tracked waiting(boolean nowWaiting) {
            return new Tracked(stamp, attempt, entry, nowWaiting);
        }
    }

    /** What became of a stamp. */
    sealed interface Attempt {
    }

    /** Seen at {@code sinceNanos} and not accepted yet: retried by events, final once stable for the settle window. */
    record Pending(long sinceNanos) implements Attempt {
    }

    /**
     * Accepted: not tried again by a listing; an event retries it.
     *
     * @param renameEventDue the stamp was taken over from a file renamed to this one, whose own event is still
     *     to come: that one event is the rename, not a write, and is not retried
     */
    record Accepted(boolean renameEventDue) implements Attempt {
    }

    /** Rejected for good: not tried again by a listing; an event retries it. */
    record Rejected() implements Attempt {
    }

    /**
     * A module version a source offers.
     *
     * @param module the version, with its bytes in the store
     * @param arrival its arrival rank
     */
    record Entry(ModuleVersion module, long arrival) {
        Entry {
            Objects.requireNonNull(module, "module");
        }
    }

    Tracked tracked(Source source) {
        return sources.get(source);
    }

    /**
     * The entries that compete for current (rule 5): every source's, and each pin as an entry of its own
     * {@link PinnedVersion} source that outranks every arrival, so {@link CurrentVersions} chooses it first.
     */
    Map<Source, Entry> competing() {
        Map<Source, Entry> entries = entries();
        pins.forEach((module, version) -> entries.put(new PinnedVersion(module), new Entry(version, Long.MAX_VALUE)));
        return entries;
    }

    /** This state with {@code nowPins} as the pins, to be reconciled. */
    DeployState withPins(Map<String, ModuleVersion> nowPins) {
        return new DeployState(sources, deployed, heldBy, departed, arrivals, true, nowPins);
    }

    /** The entries of every source that has one, waiting or not. */
    Map<Source, Entry> entries() {
        Map<Source, Entry> entries = new HashMap<>();
        sources.forEach((source, tracked) -> {
            if (tracked.entry() != null) {
                entries.put(source, tracked.entry());
            }
        });
        return entries;
    }

    /** The digests the sources' entries use, their bundled jars' included: their store files must stay (rule 10). */
    Set<String> digestsInUse() {
        Set<String> digests = new HashSet<>();
        pins.values().forEach(version -> digests.addAll(version.digests()));
        sources.values().forEach(t -> {
            if (t.entry() != null) {
                digests.addAll(t.entry().module().digests());
            }
        });
        return digests;
    }

    DeployState with(Source source, Tracked tracked) {
        Map<Source, Tracked> next = new HashMap<>(sources);
        next.put(source, tracked);
        return new DeployState(next, deployed, heldBy, departed, arrivals, stale, pins);
    }

    DeployState without(Source source) {
        Map<Source, Tracked> next = new HashMap<>(sources);
        next.remove(source);
        return new DeployState(next, deployed, heldBy, departed, arrivals, stale, pins);
    }

    DeployState withDeparted(Map<Source, Tracked> nowDeparted) {
        return new DeployState(sources, deployed, heldBy, nowDeparted, arrivals, stale, pins);
    }

    DeployState withArrivals(long rank) {
        return new DeployState(sources, deployed, heldBy, departed, rank, stale, pins);
    }

    DeployState markStale() {
        return stale ? this : new DeployState(sources, deployed, heldBy, departed, arrivals, true, pins);
    }

    /** This state after a reconciliation: what it deployed, who holds what, and nothing stale or departed. */
    DeployState reconciled(Map<Source, Tracked> nowSources, Map<String, ModuleVersion> nowDeployed,
            Map<String, String> nowHeld) {
        return new DeployState(nowSources, nowDeployed, nowHeld, Map.of(), arrivals, false, pins);
    }

    /** This state with {@code modules} as the deployed map, after the shell failed to deploy what the policy chose. */
    DeployState withDeployed(Map<String, ModuleVersion> modules) {
        return new DeployState(sources, modules, heldBy, departed, arrivals, stale, pins);
    }
}
