package io.modulets.runtime.deploy;

import io.modulets.runtime.deploy.Action.Attempt;
import io.modulets.runtime.deploy.Action.Change;
import io.modulets.runtime.deploy.Action.CollectStoreGarbage;
import io.modulets.runtime.deploy.Action.Debug;
import io.modulets.runtime.deploy.Action.Deploy;
import io.modulets.runtime.deploy.Action.Reject;
import io.modulets.runtime.deploy.Action.StopCounting;
import io.modulets.runtime.deploy.Action.WarnHeld;
import io.modulets.runtime.deploy.DeployState.Accepted;
import io.modulets.runtime.deploy.DeployState.Entry;
import io.modulets.runtime.deploy.DeployState.Pending;
import io.modulets.runtime.deploy.DeployState.Rejected;
import io.modulets.runtime.deploy.DeployState.Tracked;
import io.modulets.runtime.deploy.Requires.Resolution;
import io.modulets.runtime.module.ModuleVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every decision of the deploy side (rules 3 to 5), as pure functions from ({@link DeployState}, input, now) to a
 * {@link Decision}. No files, no threads, no clock, no logging: the shell ({@link Deployer}) stats and copies
 * files, carries out the {@link Action}s and feeds back what it saw.
 *
 * <p>A round has two steps. {@link #observe} takes what the sources showed (files seen with a stamp, files gone,
 * a whole listing) and answers with the attempts to make; the shell stages and validates those files and hands
 * the results to {@link #attempted}, which records them and, if an entry arrived or left, reconciles once: the
 * module map the sources decide ({@link Requires#resolve} over the current version of each module, see
 * {@link CurrentVersions}), the rejections and warnings that follow, and a {@link Deploy} when it differs from
 * the map deployed. A rename seen in one round is one change, not a module leaving and coming back: a file whose
 * stamp equals that of an accepted file that left in the same round takes over its entry and arrival rank, with
 * no copy (defect 13).
 *
 * <p>Operator pins ({@link #pin}, {@link #unpin}) are {@link DeployState#pins()}: each competes as the entry of a
 * {@link PinnedVersion} source that outranks every arrival, so the requires fixpoint treats it like any other
 * entry (a pin whose requirements are missing is refused, never half-applied), and both end in the same
 * reconciliation as a folder change. A second kind of source (a Maven repository) would be another {@link Source}
 * key with its own observations; its entries would join {@link DeployState#sources()} and compete by arrival in
 * {@link CurrentVersions}.
 *
 * <p>Immutable and thread-safe; the shell calls it from its control thread.
 */
final class DeployPolicy {

    private final long settleNanos;

    /** A policy whose failed files become final after {@code settleWindow} of unchanged stamps. */
    DeployPolicy(Duration settleWindow) {
        this.settleNanos = settleWindow.toNanos();
    }

    /**
     * The sources showed {@code observations} at {@code nowNanos}: forgets what is gone, takes over renamed files,
     * and answers with the attempts to make (then call {@link #attempted}, with no results if there were none).
     */
    Decision observe(DeployState state, List<Observation> observations, long nowNanos) {
        List<Observation.Seen> seen = new ArrayList<>();
        List<Source> gone = new ArrayList<>();
        for (Observation observation : observations) {
            switch (observation) {
                case Observation.Seen s -> seen.add(s);
                case Observation.Gone g -> gone.add(g.source());
                case Observation.Listing listing -> {
                    for (Source known : state.sources().keySet()) {
                        if (known instanceof FolderFile file && !listing.present().containsKey(file)
                                && !listing.vanished().contains(file)) {
                            gone.add(known);
                        }
                    }
                    listing.present().forEach((file, stamp) -> seen.add(new Observation.Seen(file, stamp, false)));
                }
            }
        }
        DeployState next = state;
        for (Source source : gone) {
            next = forget(next, source);
        }
        List<Action> actions = new ArrayList<>();
        for (Observation.Seen s : seen) {
            next = see(next, s, nowNanos, actions);
        }
        return new Decision(next, actions);
    }

    private static DeployState forget(DeployState state, Source source) {
        Tracked last = state.tracked(source);
        if (last == null) {
            return state;
        }
        DeployState next = state.without(source);
        if (last.attempt() instanceof Accepted && last.entry() != null) {
            Map<Source, Tracked> departed = new HashMap<>(state.departed());
            departed.put(source, last);
            next = next.withDeparted(departed);
        }
        return last.counts() ? next.markStale() : next;
    }

    private DeployState see(DeployState state, Observation.Seen seen, long nowNanos, List<Action> actions) {
        Source source = seen.source();
        Tracked last = state.tracked(source);
        Source renamedFrom = last != null && last.stamp().equals(seen.stamp()) ? null : departedWith(state, seen.stamp());
        if (renamedFrom != null) {
            return takeOver(state, renamedFrom, source, !seen.byEvent(), actions);
        }
        return switch (ArrivalRules.verdict(last, seen.stamp(), seen.byEvent(), nowNanos, settleNanos)) {
            case IGNORE -> seen.byEvent() && last.attempt() instanceof Accepted a && a.renameEventDue()
                    ? state.with(source, last.withAttempt(new Accepted(false))) : state;
            case WAIT -> state;
            case TRY_FINAL -> attempt(state, source, last, true, actions);
            case TRY -> {
                if (last == null || !last.stamp().equals(seen.stamp())) {
                    Tracked pending = last == null ? new Tracked(seen.stamp(), new Pending(nowNanos), null, false)
                            : new Tracked(seen.stamp(), new Pending(nowNanos), last.entry(), last.waiting());
                    yield attempt(state.with(source, pending), source, pending, false, actions);
                }
                yield attempt(state, source, last, false, actions);
            }
        };
    }

    private static DeployState attempt(DeployState state, Source source, Tracked tracked, boolean isFinal,
            List<Action> actions) {
        actions.add(new Attempt(source, tracked.stamp(), isFinal));
        return state;
    }

    /** The departed source whose stamp is {@code stamp}, or null. */
    private static Source departedWith(DeployState state, FileStamp stamp) {
        for (Map.Entry<Source, Tracked> e : state.departed().entrySet()) {
            if (e.getValue().stamp().equals(stamp)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * {@code to} is {@code from} renamed: it takes over its entry and rank. Unless this is the rename's own event
     * ({@code renameEventDue} false), that event is still to come and must not be taken for a write.
     */
    private static DeployState takeOver(DeployState state, Source from, Source to, boolean renameEventDue,
            List<Action> actions) {
        Tracked was = state.departed().get(from);
        Tracked replaced = state.tracked(to);
        Map<Source, Tracked> departed = new HashMap<>(state.departed());
        departed.remove(from);
        DeployState next = state.withDeparted(departed)
                .with(to, new Tracked(was.stamp(), new Accepted(renameEventDue), was.entry(), was.waiting()));
        actions.add(new Debug(to.describe() + " is " + from.describe() + " renamed: it keeps "
                + was.entry().module() + " and its arrival, without a new copy"));
        return replaced != null && replaced.counts() ? next.markStale() : next;
    }

    /**
     * The shell's attempts ended with {@code results}: records them and, if an entry arrived or left in this round,
     * reconciles. Ends the round.
     */
    Decision attempted(DeployState state, List<AttemptResult> results, long nowNanos) {
        List<Action> actions = new ArrayList<>();
        Set<Source> arrived = new HashSet<>();
        DeployState next = state;
        for (AttemptResult result : results) {
            next = record(next, result, arrived, actions);
        }
        if (!next.stale()) {
            return new Decision(next.withDeparted(Map.of()), actions);
        }
        Decision reconciled = reconcile(next, arrived);
        actions.addAll(reconciled.actions());
        return new Decision(reconciled.state(), actions);
    }

    private static DeployState record(DeployState state, AttemptResult result, Set<Source> arrived,
            List<Action> actions) {
        Source source = result.source();
        Tracked last = state.tracked(source);
        if (last == null) {
            return state; // gone meanwhile in this round: nothing to record
        }
        return switch (result) {
            case AttemptResult.Accepted accepted -> accept(state, last, accepted, arrived, actions);
            case AttemptResult.Failed failed when failed.isFinal() -> {
                actions.add(new Reject(source, failed.reason()));
                yield state.with(source, last.withAttempt(new Rejected()));
            }
            case AttemptResult.Failed failed -> {
                actions.add(new Debug(source.describe() + " is not ready: " + failed.reason()));
                yield state;
            }
            case AttemptResult.Inconclusive inconclusive -> {
                actions.add(new Debug(source.describe() + ": " + inconclusive.why()));
                yield state;
            }
        };
    }

    private static DeployState accept(DeployState state, Tracked last, AttemptResult.Accepted accepted,
            Set<Source> arrived, List<Action> actions) {
        Source source = accepted.source();
        ModuleVersion module = accepted.module();
        if (last.entry() != null && last.entry().module().digest().equals(module.digest())) {
            // the same bytes again (a touch, or the second event of one write): no new arrival, and a file that
            // waits for what it requires goes on waiting, unrejected again. Only a new stamp (a write, a touch)
            // is worth telling the user; the second event of one write is not.
            actions.add(last.attempt() instanceof Pending ? new Action.Unchanged(source, source, last.entry().module())
                    : new Debug(source.describe() + " was tried again with the bytes it has: nothing changed"));
            return state.with(source, new Tracked(accepted.stamp(), last.waiting() ? new Rejected() : new Accepted(false),
                    last.entry(), last.waiting()));
        }
        if (departedWithDigest(state, module.digest()) == null && otherWithDigest(state, source, module.digest()) == null) {
            noteNewBytes(accepted, actions); // bytes already offered elsewhere were noted when they came
        }
        Source sameBytes = departedWithDigest(state, module.digest());
        DeployState next = state;
        long rank;
        if (sameBytes != null) { // the same bytes under another name, in the round their old name left
            rank = state.departed().get(sameBytes).entry().arrival();
            Map<Source, Tracked> departed = new HashMap<>(state.departed());
            departed.remove(sameBytes);
            next = next.withDeparted(departed);
        } else {
            rank = state.arrivals() + 1;
            next = next.withArrivals(rank);
        }
        arrived.add(source);
        return next.with(source, new Tracked(accepted.stamp(), new Accepted(false), new Entry(module, rank), false))
                .markStale();
    }

    /** What a new arrival's bytes call for once: the {@code Class-Path} warning, and the intake's notes. */
    private static void noteNewBytes(AttemptResult.Accepted accepted, List<Action> actions) {
        if (!accepted.classPath().isEmpty()) {
            actions.add(new Action.WarnClassPath(accepted.source(), accepted.module(), accepted.classPath()));
        }
        accepted.notes().forEach(note -> actions.add(new Debug(note)));
    }

    /** A source other than {@code source} whose entry has {@code digest}, or null; the lowest by name if several. */
    private static Source otherWithDigest(DeployState state, Source source, String digest) {
        return state.sources().entrySet().stream()
                .filter(e -> !e.getKey().equals(source) && e.getValue().entry() != null
                        && e.getValue().entry().module().digest().equals(digest))
                .map(Map.Entry::getKey).min(Comparator.comparing(Source::describe)).orElse(null);
    }

    private static Source departedWithDigest(DeployState state, String digest) {
        for (Map.Entry<Source, Tracked> e : state.departed().entrySet()) {
            if (e.getValue().entry().module().digest().equals(digest)) {
                return e.getKey();
            }
        }
        return null;
    }

    /**
     * The module map the sources decide, and what follows from it: sources whose requires are unmet stop counting
     * (rejected if they {@code arrived} in this round, naming every missing module), those that wait count again
     * once met, a module version that sources offer with different bytes is warned about when one of them arrived,
     * an arrival with the bytes already served is reported as no change, newly held modules are warned about, and a
     * {@link Deploy} if the map differs from the deployed one. Derived requires are decided again here every time
     * ({@link Requires#resolve}), so a library's loader follows the modules its Maven metadata names.
     */
    Decision reconcile(DeployState state, Set<Source> arrived) {
        Resolution resolution = Requires.resolve(state.competing(), state.deployed());
        List<Action> actions = new ArrayList<>();
        Map<Source, Tracked> sources = new HashMap<>(state.sources());
        List<Map.Entry<Source, Tracked>> inOrder = state.sources().entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getKey().describe())).toList();
        for (Map.Entry<Source, Tracked> e : inOrder) {
            Source source = e.getKey();
            Tracked tracked = e.getValue();
            if (tracked.entry() == null) {
                continue;
            }
            List<String> missing = resolution.unmet().get(source);
            if (missing == null) {
                sources.put(source, tracked.waiting(false));
                continue;
            }
            String reason = unmetReason(tracked.entry().module(), missing);
            if (arrived.contains(source)) {
                actions.add(new Reject(source, reason));
                sources.put(source, tracked.withAttempt(new Rejected()).waiting(true));
            } else {
                actions.add(tracked.waiting() ? new Debug(source.describe() + " still waits: " + reason)
                        : new StopCounting(source, reason));
                sources.put(source, tracked.waiting(true));
            }
        }
        warnSameVersions(state, arrived, resolution, actions);
        reportUnchanged(state, arrived, resolution, actions);
        resolution.held().forEach((module, holder) -> {
            if (!holder.equals(state.heldBy().get(module))) {
                actions.add(new WarnHeld(resolution.modules().get(module), holder));
            }
        });
        Map<String, ModuleVersion> deployed = state.deployed();
        if (!sameDigests(resolution.modules(), deployed)) {
            actions.add(new Deploy(resolution.modules(), changes(deployed, resolution)));
            actions.add(new CollectStoreGarbage());
            deployed = resolution.modules();
        }
        return new Decision(state.reconciled(sources, deployed, resolution.held()), actions);
    }

    /**
     * Makes {@code version} (from history) its module's current version whatever the sources offer, until
     * {@link #unpin}. If what it requires is missing, nothing changes and the one action is a {@link Action.RefusePin}.
     */
    Decision pin(DeployState state, ModuleVersion version) {
        Map<String, ModuleVersion> pins = new HashMap<>(state.pins());
        pins.put(version.name(), version);
        DeployState pinned = state.withPins(pins);
        Resolution resolution = Requires.resolve(pinned.competing(), pinned.deployed());
        List<String> missing = resolution.unmet().get(new PinnedVersion(version.name()));
        if (missing != null) {
            return new Decision(state, List.of(new Action.RefusePin(version, unmetReason(version, missing)
                    .replace("which no file in the folder provides; add", "which the namespace it would make lacks; add"))));
        }
        return reconcile(pinned, Set.of());
    }

    /** Gives {@code module} back to the sources: their newest entry decides again. A module not pinned changes nothing. */
    Decision unpin(DeployState state, String module) {
        if (!state.pins().containsKey(module)) {
            return new Decision(state, List.of());
        }
        Map<String, ModuleVersion> pins = new HashMap<>(state.pins());
        pins.remove(module);
        return reconcile(state.withPins(pins), Set.of());
    }

    /**
     * The pins a restarted runtime had, set before its first round so that they are deployed with the folder's
     * content in one namespace. Whether each holds is seen in the deployed map after that round.
     */
    DeployState restorePins(DeployState state, Map<String, ModuleVersion> pins) {
        return state.withPins(pins);
    }

    /** Why {@code module} does not count: every one of its {@code missing} requirements, named. */
    static String unmetReason(ModuleVersion module, List<String> missing) {
        String names = Listing.of(missing.stream().map(name -> "'" + name + "'").toList());
        return "module " + module + " requires " + names + ", which no file in the folder provides; add "
                + (missing.size() == 1 ? "that module" : "those modules") + " first";
    }

    /**
     * One {@link Action.WarnSameVersion} per module version that sources offer with different bytes, when one of
     * those sources {@code arrived} in this round: once when the situation arises, not in every reconciliation.
     */
    private static void warnSameVersions(DeployState state, Set<Source> arrived, Resolution resolution,
            List<Action> actions) {
        Map<String, List<Action.Offer>> byVersion = new TreeMap<>();
        state.sources().entrySet().stream()
                .filter(e -> e.getValue().entry() != null)
                .sorted(Comparator.comparingLong(e -> e.getValue().entry().arrival()))
                .forEach(e -> {
                    ModuleVersion module = e.getValue().entry().module();
                    byVersion.computeIfAbsent(module.name() + " " + module.version(), k -> new ArrayList<>())
                            .add(new Action.Offer(e.getKey(), module));
                });
        for (List<Action.Offer> offers : byVersion.values()) {
            boolean differ = offers.stream().map(o -> o.module().digest()).distinct().count() > 1;
            if (differ && offers.stream().anyMatch(o -> arrived.contains(o.source()))) {
                Source chosen = resolution.chosen().get(offers.getFirst().module().name());
                boolean oneOfThem = offers.stream().anyMatch(o -> o.source().equals(chosen));
                actions.add(new Action.WarnSameVersion(offers, oneOfThem ? chosen : null));
            }
        }
    }

    /**
     * One {@link Action.Unchanged} per source that {@code arrived} with the bytes of another source, when those
     * bytes are the module's deployed version before and after: a second copy of what is served changes nothing.
     */
    private static void reportUnchanged(DeployState state, Set<Source> arrived, Resolution resolution,
            List<Action> actions) {
        arrived.stream().sorted(Comparator.comparing(Source::describe)).forEach(source -> {
            Tracked tracked = state.tracked(source);
            if (tracked == null || tracked.entry() == null) {
                return;
            }
            Entry entry = tracked.entry();
            String name = entry.module().name();
            String digest = entry.module().digest();
            ModuleVersion before = state.deployed().get(name);
            ModuleVersion after = resolution.modules().get(name);
            Source sameAs = otherWithDigest(state, source, digest);
            if (sameAs != null && before != null && after != null && before.digest().equals(digest)
                    && after.digest().equals(digest)) {
                actions.add(new Action.Unchanged(source, sameAs, entry.module()));
            }
        });
    }

    private static List<Change> changes(Map<String, ModuleVersion> before, Resolution after) {
        List<Change> changes = new ArrayList<>();
        after.modules().values().stream().sorted(Comparator.comparing(ModuleVersion::name)).forEach(module -> {
            ModuleVersion was = before.get(module.name());
            if (was == null || !was.digest().equals(module.digest())) {
                changes.add(new Action.Deployed(module, after.chosen().get(module.name())));
            }
        });
        before.values().stream().sorted(Comparator.comparing(ModuleVersion::name))
                .filter(module -> !after.modules().containsKey(module.name()))
                .forEach(module -> changes.add(new Action.Removed(module)));
        return changes;
    }

    private static boolean sameDigests(Map<String, ModuleVersion> a, Map<String, ModuleVersion> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ModuleVersion> e : a.entrySet()) {
            ModuleVersion other = b.get(e.getKey());
            if (other == null || !other.digest().equals(e.getValue().digest())) {
                return false;
            }
        }
        return true;
    }
}
