package io.modulets.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Copies of real jars with manifest headers added, as a person patches a library's manifest by hand (for example
 * {@code Modulet-Requires} on a Maven Central jar). Every other entry is copied unchanged, in its order.
 */
final class JarManifests {

    private JarManifests() {
    }

    /**
     * The bytes of {@code jar} with {@code headers} set in its manifest's main section (added, or replacing a header
     * of the same name); a jar without a manifest gets one.
     */
    static byte[] withHeaders(Path jar, Map<String, String> headers) {
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest manifest = in.getManifest() == null ? new Manifest() : new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
            headers.forEach(main::putValue);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar + " with manifest headers " + headers, e);
        }
    }
}
