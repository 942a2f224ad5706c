package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import java.util.List;
import java.util.Map;

/** What the deploy shell carries out after a {@link Decision}. */
sealed interface Action {

    /**
     * Stage the source into the store, validate the copy and commit it, then report an {@link AttemptResult}.
     *
     * @param stamp the stamp the policy saw: a different one after the copy means a write was still arriving
     * @param isFinal whether a failure now is final (a rejection) rather than "not ready yet"
     */
    record Attempt(Source source, FileStamp stamp, boolean isFinal) implements Action {
    }

    /** The source is rejected: one WARN line naming it and the reason, and a {@code Rejected} event. */
    record Reject(Source source, String reason) implements Action {
    }

    /** An accepted source stopped counting because what it requires left: one WARN line. */
    record StopCounting(Source source, String reason) implements Action {
    }

    /** {@code module} stays although its last source left, because {@code holder} requires it: one WARN line. */
    record WarnHeld(ModuleVersion module, String holder) implements Action {
    }

    /**
     * Two or more sources declare the same module and version with different bytes (a shaded jar and the thin
     * {@code original-*.jar} maven-shade-plugin leaves beside it): one WARN line naming them all and the current one.
     *
     * @param offers the sources and what each offers, oldest arrival first
     * @param current the one that is current (rule 5: the most recent arrival that counts), or null if none counts
     */
    record WarnSameVersion(List<Offer> offers, Source current) implements Action {
        public WarnSameVersion {
            offers = List.copyOf(offers);
        }
    }

    /** One source's offer, as {@link WarnSameVersion} names it. */
    record Offer(Source source, ModuleVersion module) {
    }

    /**
     * {@code source} brought bytes the namespace already serves: one INFO line saying that nothing changed.
     *
     * @param sameAs the other source that holds those bytes, or {@code source} itself when it was written again with
     *     the bytes it had
     */
    record Unchanged(Source source, Source sameAs, ModuleVersion module) implements Action {
    }

    /**
     * {@code source}, a new arrival, has a manifest {@code Class-Path} whose {@code entries} are not followed: one
     * WARN line saying so and what to do instead.
     */
    record WarnClassPath(Source source, ModuleVersion module, List<String> entries) implements Action {
        public WarnClassPath {
            entries = List.copyOf(entries);
        }
    }

    /** Nothing the user needs to see: a debug line. */
    record Debug(String message) implements Action {
    }

    /**
     * Make {@code modules} the current namespace, then report each change (one INFO line and one event each).
     *
     * @param modules the whole module map the sources decide, by module name
     * @param changes what differs from the namespace current before, in report order
     */
    record Deploy(Map<String, ModuleVersion> modules, List<Change> changes) implements Action {
        public Deploy {
            modules = Map.copyOf(modules);
            changes = List.copyOf(changes);
        }
    }

    /** Delete the store files that nothing uses any more (rule 10). */
    /**
     * An operator's pin of {@code module} cannot hold: what it requires is missing from the namespace it would make.
     * The state is unchanged; the shell refuses the pin with {@code reason}.
     */
    record RefusePin(ModuleVersion module, String reason) implements Action {
    }

    record CollectStoreGarbage() implements Action {
    }

    /** One change a {@link Deploy} reports. */
    sealed interface Change {
    }

    /**
     * {@code module} is new in the namespace, or a new version.
     *
     * @param from the source that offers it, or null when it is held from the store (its sources left)
     */
    record Deployed(ModuleVersion module, Source from) implements Change {
    }

    /** {@code module} left the namespace. */
    record Removed(ModuleVersion module) implements Change {
    }
}
