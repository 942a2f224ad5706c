package io.modulets.runtime.deploy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks that a jar is complete and intact (rule 4): a zip whose end record is present, whose every entry
 * reads back with its declared size and CRC, and whose manifest, if any, parses. It keeps the manifest's main
 * attributes and what the embedded Maven poms name, which rule 1 reads ({@link MavenMetadata}). It also learns
 * what the loader needs: the packages of the jar's classes (with those of the multi-release versions this JDK
 * reads, rule 6) and the jars nested directly under {@code lib/} (rule 1), which {@link BundledJars} validates.
 * While it reads the class entries through, it hands their bytes to a {@link ReferenceScan}, so the packages the
 * jar's code refers to cost no second read.
 *
 * <p>Results are cached by content digest in a bounded Caffeine cache: the same bytes arriving again (a
 * renamed file, a restart, a copy in a second place) are not read through a second time. Thread-safe.
 */
final class JarValidator {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String VERSIONS = "META-INF/versions/";
    private static final String LIB = "lib/";
    /** Entries kept for reading up to this size are read straight into an array of their size. */
    private static final long MAX_EXACT = 8L * 1024 * 1024;

    private final Cache<String, JarContents> byDigest = Caffeine.newBuilder().maximumSize(512).build();

    /**
     * Validates the jar at {@code file}, whose SHA-256 is {@code digest}.
     *
     * @throws InvalidJarException with a reason fit for a WARN line
     */
    JarContents validate(Path file, String digest) throws InvalidJarException {
        JarContents known = byDigest.getIfPresent(digest);
        if (known != null) {
            return known;
        }
        JarContents contents = readThrough(file);
        byDigest.put(digest, contents);
        return contents;
    }

    private static JarContents readThrough(Path file) throws InvalidJarException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, String> manifest = Map.of();
            Map<String, MavenMetadata.Derived> poms = new HashMap<>();
            Set<String> packages = new HashSet<>();
            Set<String> versionedPackages = new HashSet<>();
            List<String> bundled = new ArrayList<>();
            ReferenceScan references = new ReferenceScan();
            int count = 0;
            byte[] buffer = new byte[16 * 1024];
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                count++;
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                boolean scanned = references.wants(name);
                byte[] content = checkEntry(zip, entry, buffer,
                        scanned || name.equals(MANIFEST) || MavenMetadata.isPomEntry(name));
                if (name.equals(MANIFEST)) {
                    manifest = parseManifest(content);
                } else if (MavenMetadata.isPomEntry(name)) {
                    poms.put(name, MavenMetadata.read(name, content));
                } else if (isBundledJar(name)) {
                    bundled.add(name);
                } else {
                    addPackageOf(name, packages, versionedPackages);
                }
                if (scanned) {
                    references.add(name, content);
                }
            }
            if (count == 0) {
                throw new InvalidJarException("the jar has no entries", false);
            }
            if (ReferenceScan.isMultiRelease(manifest)) {
                packages.addAll(versionedPackages);
            }
            Collections.sort(bundled);
            return new JarContents(manifest, packages, count, poms, bundled,
                    references.result(ReferenceScan.isMultiRelease(manifest)));
        } catch (ZipException e) {
            // No end record, or a central directory that does not add up: typical of a file still being written.
            throw new InvalidJarException("not a complete zip file (" + e.getMessage() + ")", true);
        } catch (IOException e) {
            throw new InvalidJarException("cannot read the jar (" + e.getMessage() + ")", true);
        }
    }

    /** Whether {@code name} is a jar nested directly under {@code lib/} (rule 1): {@code lib/x.jar}, not deeper. */
    private static boolean isBundledJar(String name) {
        return name.startsWith(LIB) && name.endsWith(".jar") && name.length() > LIB.length() + ".jar".length()
                && name.indexOf('/', LIB.length()) < 0;
    }

    /**
     * Records the package of a class entry: {@code a/b/C.class} in {@code packages}; a class of a multi-release
     * version the running JDK reads ({@code META-INF/versions/<n>/a/b/C.class}, n at most this JDK's feature
     * version) in {@code versioned}, which counts only if the manifest says {@code Multi-Release: true}. Module
     * descriptors and other {@code META-INF/} classes have no package a module could serve.
     */
    private static void addPackageOf(String name, Set<String> packages, Set<String> versioned) {
        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
            return;
        }
        if (!name.startsWith("META-INF/")) {
            packages.add(ClassFileReferences.packageOf(name));
            return;
        }
        if (!name.startsWith(VERSIONS)) {
            return;
        }
        int slash = name.indexOf('/', VERSIONS.length());
        if (slash < 0) {
            return;
        }
        int release;
        try {
            release = Integer.parseInt(name.substring(VERSIONS.length(), slash));
        } catch (NumberFormatException notAVersion) {
            return;
        }
        if (release >= 9 && release <= Runtime.version().feature()) {
            versioned.add(ClassFileReferences.packageOf(name.substring(slash + 1)));
        }
    }

    /** Reads an entry through, checking its size and CRC; returns its bytes if {@code keep}, else null. */
    private static byte[] checkEntry(ZipFile zip, ZipEntry entry, byte[] buffer, boolean keep)
            throws IOException, InvalidJarException {
        boolean exact = keep && entry.getSize() >= 0 && entry.getSize() <= MAX_EXACT;
        byte[] kept = exact ? new byte[(int) entry.getSize()] : null;
        java.io.ByteArrayOutputStream grown = keep && !exact ? new java.io.ByteArrayOutputStream() : null;
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            if (exact) {
                size = in.readNBytes(kept, 0, kept.length);
                crc.update(kept, 0, (int) size);
            }
            int n;
            while ((n = in.read(buffer)) > 0) { // none left after an exact read, unless the header lies
                crc.update(buffer, 0, n);
                size += n;
                if (grown != null) {
                    grown.write(buffer, 0, n);
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new InvalidJarException("entry " + entry.getName() + " is damaged (" + e.getMessage() + ")", true);
        }
        if (entry.getSize() >= 0 && entry.getSize() != size) {
            throw new InvalidJarException("entry " + entry.getName() + " has " + size + " bytes, its header says "
                    + entry.getSize(), false);
        }
        if (entry.getCrc() >= 0 && entry.getCrc() != crc.getValue()) {
            throw new InvalidJarException("entry " + entry.getName() + " fails its CRC check", false);
        }
        return exact ? kept : grown == null ? null : grown.toByteArray();
    }

    private static Map<String, String> parseManifest(byte[] content) throws InvalidJarException {
        try {
            Manifest manifest = new Manifest(new ByteArrayInputStream(content));
            Map<String, String> attributes = new HashMap<>();
            for (Map.Entry<Object, Object> e : manifest.getMainAttributes().entrySet()) {
                attributes.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
            }
            return attributes;
        } catch (IOException | RuntimeException e) {
            throw new InvalidJarException("its manifest does not parse (" + e.getMessage() + ")", false);
        }
    }
}
