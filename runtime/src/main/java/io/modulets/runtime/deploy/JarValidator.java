package io.modulets.runtime.deploy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
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
 * reads back with its declared size and CRC, and whose manifest, if any, parses. While it reads the class entries
 * through, it hands their bytes to a {@link ReferenceScan}, so the packages the jar's code refers to cost no second
 * read.
 *
 * <p>Results are cached by content digest in a bounded Caffeine cache: the same bytes arriving again (a
 * renamed file, a restart, a copy in a second place) are not read through a second time. Thread-safe.
 */
final class JarValidator {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";
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
            Set<String> packages = new HashSet<>();
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
                byte[] content = checkEntry(zip, entry, buffer, scanned || name.equals(MANIFEST));
                if (name.equals(MANIFEST)) {
                    manifest = parseManifest(content);
                } else if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    int slash = name.lastIndexOf('/');
                    packages.add(slash < 0 ? "" : name.substring(0, slash).replace('/', '.'));
                }
                if (scanned) {
                    references.add(name, content);
                }
            }
            if (count == 0) {
                throw new InvalidJarException("the jar has no entries", false);
            }
            return new JarContents(manifest, packages, count, references.result(ReferenceScan.isMultiRelease(manifest)));
        } catch (ZipException e) {
            // No end record, or a central directory that does not add up: typical of a file still being written.
            throw new InvalidJarException("not a complete zip file (" + e.getMessage() + ")", true);
        } catch (IOException e) {
            throw new InvalidJarException("cannot read the jar (" + e.getMessage() + ")", true);
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
