package io.modulets.runtime.deploy;

import io.modulets.runtime.module.BundledJar;
import io.modulets.runtime.store.ContentStore;
import io.modulets.runtime.store.StagedJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Takes the jars a module jar bundles under {@code lib/} into the store (rules 1 and 2). Each nested entry is
 * copied out of the staged module jar into the store while it is hashed (inflated if Maven deflated it, as it is
 * if Spring Boot stored it), so nothing is unpacked outside the store; it is then validated like a module jar
 * ({@link #validateBundled}) and stays staged until the module jar is accepted. Identical bytes are one store file:
 * the same library bundled in twenty module versions is kept once. Jars nested in a nested jar are not looked at.
 *
 * <p>Used by the control thread only, as {@link JarIntake} is.
 */
final class BundledJars {

    private final ContentStore store;
    private final JarValidator validator;

    BundledJars(ContentStore store, JarValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    /** A nested jar staged and validated, not committed yet. */
    record Staged(String entry, StagedJar jar, JarContents contents) {
    }

    /**
     * Stages and validates the nested jars {@code entries} of the module jar {@code moduleJar} (itself validated
     * already), in that order. If one fails, those staged so far are discarded.
     *
     * @throws InvalidJarException naming the nested entry and what is wrong with it
     * @throws IOException if the store cannot be written
     */
    List<Staged> stage(Path moduleJar, List<String> entries) throws InvalidJarException, IOException {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Staged> staged = new ArrayList<>(entries.size());
        try (ZipFile zip = new ZipFile(moduleJar.toFile())) {
            for (String entry : entries) {
                StagedJar jar = copyOut(zip, entry);
                try {
                    staged.add(new Staged(entry, jar, validateBundled(entry, jar.file(), jar.digest())));
                } catch (InvalidJarException | RuntimeException e) {
                    store.discard(jar);
                    throw e;
                }
            }
            return List.copyOf(staged);
        } catch (InvalidJarException | IOException | RuntimeException e) {
            discard(staged);
            throw e;
        }
    }

    /**
     * Validates one nested jar, staged at {@code file} with SHA-256 {@code digest}, as a module jar is validated:
     * every entry with its CRC, its manifest, its packages. The one place where a nested jar is checked.
     *
     * @throws InvalidJarException whose reason starts with {@code entry}
     */
    JarContents validateBundled(String entry, Path file, String digest) throws InvalidJarException {
        try {
            return validator.validate(file, digest);
        } catch (InvalidJarException e) {
            throw new InvalidJarException(entry + ": " + e.getMessage(), false); // complete module jar: broken for good
        }
    }

    /** Commits every staged nested jar; returns them as the module version records them, in search order. */
    List<BundledJar> commit(List<Staged> staged) throws IOException {
        List<BundledJar> bundled = new ArrayList<>(staged.size());
        for (Staged jar : staged) {
            Path storeFile = store.commit(jar.jar());
            bundled.add(new BundledJar(jar.entry(), jar.jar().digest(), storeFile, jar.contents().packages()));
        }
        return bundled;
    }

    /** Drops staged nested jars that will not be committed (those committed already stay). Never throws. */
    void discard(List<Staged> staged) {
        staged.forEach(jar -> store.discard(jar.jar()));
    }

    private StagedJar copyOut(ZipFile zip, String entry) throws IOException, InvalidJarException {
        ZipEntry nested = zip.getEntry(entry);
        if (nested == null) {
            throw new InvalidJarException(entry + ": the entry is gone from the staged copy", false);
        }
        try (InputStream in = zip.getInputStream(nested)) {
            return store.stage(in);
        }
    }
}
