package io.modulets.runtime.deploy;

import io.modulets.runtime.module.BundledJar;
import io.modulets.runtime.module.ModuleVersion;
import io.modulets.runtime.store.ContentStore;
import io.modulets.runtime.store.StagedJar;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Carries out one {@link Action.Attempt} on a folder file (rules 1 to 4): a cheap look at its tail, then one copy
 * into the store while hashing, then validation of the copy (never of the watched file again), the sidecar digest
 * and the module's identity, then the jars it bundles under {@code lib/} ({@link BundledJars}), then commit. The
 * file's stamp before and after the copy must agree, so no write was still arriving. A staged copy that is not
 * committed is discarded, nested jars included. Bad input ends as a value, never as an exception.
 *
 * <p>Used by the control thread only.
 */
final class JarIntake {

    private static final Logger LOG = Logger.getLogger("io.modulets.deploy");

    private final ContentStore store;
    private final JarValidator validator;
    private final BundledJars bundledJars;

    JarIntake(ContentStore store, JarValidator validator) {
        this.store = store;
        this.validator = validator;
        this.bundledJars = new BundledJars(store, validator);
    }

    AttemptResult attempt(Action.Attempt attempt) {
        FolderFile source = (FolderFile) attempt.source();
        Path file = source.path();
        FileStamp stamp = attempt.stamp();
        if (stamp.size() == 0) {
            return failed(attempt, "it is empty (0 bytes)");
        }
        if (!ZipTail.looksComplete(file)) {
            return failed(attempt, "it is not a complete zip file (no end record: still being written, or truncated)");
        }
        StagedJar staged;
        try {
            staged = store.stage(file);
        } catch (NoSuchFileException e) {
            return new AttemptResult.Inconclusive(source, "gone while it was copied");
        } catch (IOException e) {
            return failed(attempt, "it cannot be read (" + e.getMessage() + ")");
        }
        try {
            if (!stamp.equals(FileStamp.of(file))) {
                store.discard(staged);
                return new AttemptResult.Inconclusive(source, "a write arrived while it was copied");
            }
        } catch (IOException e) {
            store.discard(staged);
            return failed(attempt, "it cannot be read (" + e.getMessage() + ")");
        }
        try {
            Admitted admitted = admit(staged, source.name(), file);
            return new AttemptResult.Accepted(source, stamp, admitted.module(), admitted.classPath(), admitted.notes());
        } catch (InvalidJarException e) {
            return failed(attempt, e.getMessage());
        } catch (IOException e) {
            return failed(attempt, "it cannot be stored (" + e.getMessage() + ")");
        } catch (RuntimeException e) { // a bug of ours, not bad input: the file is refused, the round and start go on
            LOG.errorf(e, "validating %s failed unexpectedly", source.describe());
            return failed(attempt, "it could not be validated (" + e + "); this is a bug in Modulets, the log has its"
                    + " stack trace");
        }
    }

    /**
     * The module version a jar already in the store is, read again from its store file: how a version from history
     * is pinned after a restart, without the jar it came from. {@code sourceName} is the file name it arrived as
     * (a plain library's identity comes from it). Its bundled jars are staged again from it, and their store files,
     * being content-addressed, are the ones already there.
     *
     * @throws InvalidJarException if the store file is no longer a valid jar (a disk fault)
     * @throws IOException if it cannot be read, e.g. it left the store
     */
    ModuleVersion reread(Path storeFile, String sourceName) throws InvalidJarException, IOException {
        return admit(store.stage(storeFile), sourceName, null).module();
    }

    /** What {@link #admit} made of a staged jar. */
    private record Admitted(ModuleVersion module, List<String> classPath, List<String> notes) {
    }

    /**
     * Validates a staged copy, checks the sidecar digest beside {@code watched} (null for none), reads its identity,
     * stages and commits its bundled jars and then the jar itself. The staged copies are discarded if it fails.
     */
    private Admitted admit(StagedJar staged, String sourceName, Path watched) throws InvalidJarException, IOException {
        List<BundledJars.Staged> nested = List.of();
        try {
            JarContents contents = validator.validate(staged.file(), staged.digest());
            if (watched != null) {
                Sidecar.check(watched, staged.digest());
            }
            ModuleIdentity identity = ModuleIdentity.of(sourceName, contents.manifest(), staged.digest());
            MavenMetadata.Derived derived = MavenMetadata.derivedRequires(identity, contents);
            nested = bundledJars.stage(staged.file(), contents.bundled());
            List<BundledJar> bundled = bundledJars.commit(nested); // before the module jar: its store file implies theirs
            Path storeFile = store.commit(staged);
            CodeReferences references = contents.references();
            for (BundledJars.Staged jar : nested) { // a module's bundled code refers to packages too (rule 6's check)
                references = references.plus(jar.contents().references());
            }
            ModuleVersion module = new ModuleVersion(identity.name(), identity.version(), identity.requires(),
                    derived.requires(), staged.digest(), storeFile, contents.packages(), bundled,
                    references.byPackage());
            return new Admitted(module, contents.classPath(),
                    derived.problem() == null ? List.of() : List.of(sourceName + ": " + derived.problem()));
        } catch (InvalidJarException | IOException | RuntimeException e) {
            store.discard(staged);
            bundledJars.discard(nested);
            throw e;
        }
    }

    private static AttemptResult failed(Action.Attempt attempt, String reason) {
        return new AttemptResult.Failed(attempt.source(), attempt.stamp(), reason, attempt.isFinal());
    }
}
