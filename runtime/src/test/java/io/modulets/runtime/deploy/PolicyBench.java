package io.modulets.runtime.deploy;

import io.modulets.runtime.module.ModuleVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives {@link DeployPolicy} the way {@link Deployer} does, over a folder that exists only in memory and a clock
 * that moves only when told: no files, no threads, no real time. Folder operations ({@link #drop}, {@link #rename},
 * ...) change the fake folder only; observations ({@link #event}, {@link #rescan}, {@link #start}) run one round
 * each, answering the policy's attempts from the fake folder's contents.
 */
final class PolicyBench {

    static final Duration SETTLE = Duration.ofSeconds(2);
    static final Path DIR = Path.of("/watch");

    /** What a fake file holds: a valid module, or bytes that fail with a reason. */
    sealed interface Content {
    }

    /**
     * A valid jar offering {@code module}, whose manifest's {@code Class-Path} lists {@code classPath}, and about which
     * the intake has {@code notes} (a Maven pom it could not use).
     */
    record Jar(ModuleVersion module, List<String> classPath, List<String> notes) implements Content {
        Jar(ModuleVersion module, List<String> classPath) {
            this(module, classPath, List.of());
        }

        Jar(ModuleVersion module) {
            this(module, List.of());
        }
    }

    record Broken(String reason) implements Content {
    }

    private record FakeFile(FileStamp stamp, Content content) {
    }

    private final DeployPolicy policy = new DeployPolicy(SETTLE);
    private final Map<String, FakeFile> folder = new LinkedHashMap<>();
    private final List<Action> actions = new ArrayList<>();
    private DeployState state = DeployState.initial(Map.of());
    private long now;
    private long inodes;
    private long mtime;
    private int attempts;

    static ModuleVersion module(String name, String version, String... requires) {
        return withDigest(name, version, name + "-" + version, requires);
    }

    static ModuleVersion withDigest(String name, String version, String digest, String... requires) {
        return new ModuleVersion(name, version, List.of(requires), digest, Path.of("/store/" + digest + ".jar"), java.util.Set.of());
    }

    /** A plain library: no declared requires, and {@code derived} ones from its Maven metadata. */
    static ModuleVersion library(String name, String version, String... derived) {
        String digest = name + "-" + version;
        return new ModuleVersion(name, version, List.of(), List.of(derived), digest, Path.of("/store/" + digest + ".jar"),
                java.util.Set.of(), List.of(), Map.of());
    }

    static Jar jar(String name, String version, String... requires) {
        return new Jar(module(name, version, requires));
    }

    static Broken broken(String reason) {
        return new Broken(reason);
    }

    static FolderFile file(String name) {
        return new FolderFile(DIR.resolve(name));
    }

    // ---- the folder (no round)

    /** A new file (a new inode), replacing any file of that name. */
    PolicyBench drop(String name, Content content) {
        folder.put(name, new FakeFile(new FileStamp(100, ++mtime, "inode-" + ++inodes), content));
        return this;
    }

    /** The file written in place: same inode, a later modification time. */
    PolicyBench overwrite(String name, Content content) {
        FileStamp was = folder.get(name).stamp();
        folder.put(name, new FakeFile(new FileStamp(was.size(), ++mtime, was.fileKey()), content));
        return this;
    }

    /** The file written in place within the filesystem's time resolution: its stamp does not change. */
    PolicyBench overwriteKeepingStamp(String name, Content content) {
        folder.put(name, new FakeFile(folder.get(name).stamp(), content));
        return this;
    }

    /** {@code touch}: same bytes, a later modification time. */
    PolicyBench touch(String name) {
        return overwrite(name, folder.get(name).content());
    }

    /** An atomic rename inside the folder: the file keeps its stamp. */
    PolicyBench rename(String from, String to) {
        folder.put(to, folder.remove(from));
        return this;
    }

    PolicyBench delete(String name) {
        folder.remove(name);
        return this;
    }

    PolicyBench advance(Duration duration) {
        now += duration.toNanos();
        return this;
    }

    // ---- observations (one round each)

    /** What start does: every file of the folder, oldest first, as one change. */
    PolicyBench start() {
        List<Observation> seen = new ArrayList<>();
        folder.forEach((name, f) -> seen.add(new Observation.Seen(file(name), f.stamp(), false)));
        return round(seen);
    }

    /** Filesystem events named these files (created, written or deleted). */
    PolicyBench event(String... names) {
        List<Observation> observations = new ArrayList<>();
        for (String name : names) {
            FakeFile f = folder.get(name);
            observations.add(f == null ? new Observation.Gone(file(name)) : new Observation.Seen(file(name), f.stamp(), true));
        }
        return round(observations);
    }

    /** A listing of the folder; {@code vanished} are listed but gone when looked at. */
    PolicyBench rescan(String... vanished) {
        Map<FolderFile, FileStamp> present = new LinkedHashMap<>();
        folder.forEach((name, f) -> present.put(file(name), f.stamp()));
        java.util.Set<FolderFile> gone = new java.util.HashSet<>();
        for (String name : vanished) {
            gone.add(file(name));
            present.remove(file(name));
        }
        return round(List.of(new Observation.Listing(present, gone)));
    }

    /** A listing, then the settle window, then another listing, and a long wait with a last one: everything settles. */
    PolicyBench settle() {
        return rescan().advance(SETTLE).rescan().advance(SETTLE.multipliedBy(5)).rescan();
    }

    private PolicyBench round(List<Observation> observations) {
        Decision observed = policy.observe(state, observations, now);
        state = observed.state();
        List<AttemptResult> results = new ArrayList<>();
        for (Action action : observed.actions()) {
            if (action instanceof Action.Attempt attempt) {
                attempts++;
                results.add(answer(attempt));
            }
            actions.add(action);
        }
        Decision attempted = policy.attempted(state, results, now);
        state = attempted.state();
        actions.addAll(attempted.actions());
        return this;
    }

    /** An operator pins {@code version} (a version from history); a refusal is recorded as its action. */
    PolicyBench pin(ModuleVersion version) {
        Decision decision = policy.pin(state, version);
        state = decision.state();
        actions.addAll(decision.actions());
        return this;
    }

    /** An operator unpins {@code module}. */
    PolicyBench unpin(String module) {
        Decision decision = policy.unpin(state, module);
        state = decision.state();
        actions.addAll(decision.actions());
        return this;
    }

    /** A restart with {@code pins} from the history: a fresh state holding them, before the first round. */
    PolicyBench restartWithPins(ModuleVersion... pins) {
        Map<String, ModuleVersion> restored = new LinkedHashMap<>();
        for (ModuleVersion pin : pins) {
            restored.put(pin.name(), pin);
        }
        state = policy.restorePins(DeployState.initial(Map.of()), restored);
        return this;
    }

    private AttemptResult answer(Action.Attempt attempt) {
        String name = ((FolderFile) attempt.source()).name();
        FakeFile f = folder.get(name);
        if (f == null) {
            return new AttemptResult.Inconclusive(attempt.source(), "gone");
        }
        if (!f.stamp().equals(attempt.stamp())) {
            return new AttemptResult.Inconclusive(attempt.source(), "written meanwhile");
        }
        return switch (f.content()) {
            case Jar j -> new AttemptResult.Accepted(attempt.source(), attempt.stamp(), j.module(), j.classPath(), j.notes());
            case Broken b -> new AttemptResult.Failed(attempt.source(), attempt.stamp(), b.reason(), attempt.isFinal());
        };
    }

    // ---- what happened

    /** The deployed module map, name -> version. */
    Map<String, String> current() {
        Map<String, String> versions = new TreeMap<>();
        state.deployed().forEach((name, module) -> versions.put(name, module.version()));
        return versions;
    }

    DeployState state() {
        return state;
    }

    /** How many stage-and-validate attempts the shell would have made. */
    int attempts() {
        return attempts;
    }

    /** The file names rejected, once per rejection, in order. */
    List<String> rejected() {
        return of(Action.Reject.class).stream().map(r -> ((FolderFile) r.source()).name()).toList();
    }

    List<Action.Deploy> deploys() {
        return of(Action.Deploy.class);
    }

    <A extends Action> List<A> of(Class<A> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Forgets the actions so far (keeps the state). */
    PolicyBench clearActions() {
        actions.clear();
        attempts = 0;
        return this;
    }
}
