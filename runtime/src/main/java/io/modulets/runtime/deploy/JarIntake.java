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
        List<BundledJars.Staged> nested = List.of();
        try {
            if (!stamp.equals(FileStamp.of(file))) {
                store.discard(staged);
                return new AttemptResult.Inconclusive(source, "a write arrived while it was copied");
            }
            JarContents contents = validator.validate(staged.file(), staged.digest());
            Sidecar.check(file, staged.digest());
            ModuleIdentity identity = ModuleIdentity.of(source.name(), contents.manifest(), staged.digest());
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
            return new AttemptResult.Accepted(source, stamp, module, contents.classPath(),
                    derived.problem() == null ? List.of() : List.of(source.name() + ": " + derived.problem()));
        } catch (InvalidJarException e) {
            store.discard(staged);
            bundledJars.discard(nested);
            return failed(attempt, e.getMessage());
        } catch (IOException e) {
            store.discard(staged);
            bundledJars.discard(nested);
            return failed(attempt, "it cannot be stored (" + e.getMessage() + ")");
        } catch (RuntimeException e) { // a bug of ours, not bad input: the file is refused, the round and start go on
            store.discard(staged);
            bundledJars.discard(nested);
            LOG.errorf(e, "validating %s failed unexpectedly", source.describe());
            return failed(attempt, "it could not be validated (" + e + "); this is a bug in Modulets, the log has its"
                    + " stack trace");
        }
    }

    private static AttemptResult failed(Action.Attempt attempt, String reason) {
        return new AttemptResult.Failed(attempt.source(), attempt.stamp(), reason, attempt.isFinal());
    }
}
