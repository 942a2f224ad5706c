package io.modulets.runtime.namespace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * One store file that a {@link ModuleClassLoader} reads: the module's own jar or one of its bundled {@code lib/}
 * jars (rule 6). It is opened once, for the running JDK: a multi-release jar ({@code Multi-Release: true} in its
 * own manifest) serves {@code META-INF/versions/<n>/} entries in place of the base ones for every n up to this
 * JDK's version, classes and resources alike; any other jar is read as it is.
 *
 * <p>Its resource URLs are the JDK's own {@code jar:file:<store file>!/<entry>}, with the entry's real name: for a
 * versioned entry {@code META-INF/versions/<n>/<name>}, as {@code URLClassLoader} does. The JDK opens a
 * {@code jar:} URL at the base version unless its ref is {@code #runtime}, and at the base version that real name
 * is the versioned entry itself, so a URL always opens the bytes the loader serves, however it is opened. Such a
 * URL holds a string, not this jar or its loader. Store files are immutable and content-addressed, so whatever the
 * JDK's jar-URL cache keeps of them is always right; the store closes that cached copy when it deletes the file.
 *
 * <p>Thread-safe: {@link JarFile} reads concurrently. Its code source and protection domain hold the loader; the
 * loader's Cleaner holds {@link #file()} only.
 */
final class StoreJar {

    private final JarFile jar;
    private final String describe;
    private final String base;
    private final ProtectionDomain domain;
    private final PackageInfo packageInfo;

    /**
     * The attributes of a package defined from this jar.
     *
     * @see ClassLoader#definePackage(String, String, String, String, String, String, String, URL)
     */
    record PackageInfo(String specTitle, String specVersion, String specVendor, String implTitle, String implVersion,
            String implVendor) {
    }

    private StoreJar(JarFile jar, String describe, String base, ProtectionDomain domain, PackageInfo packageInfo) {
        this.jar = jar;
        this.describe = describe;
        this.base = base;
        this.domain = domain;
        this.packageInfo = packageInfo;
    }

    /**
     * Opens {@code storeFile} for {@code loader}.
     *
     * @param describe what the jar is, for messages: {@code module m 1}, {@code lib/a.jar of module m 1}
     * @param packageInfo the attributes of its packages, or null to take them from the jar's manifest
     * @throws UncheckedIOException if the file cannot be opened
     */
    static StoreJar open(Path storeFile, String describe, ClassLoader loader, PackageInfo packageInfo) {
        JarFile jar;
        try {
            jar = new JarFile(storeFile.toFile(), false, ZipFile.OPEN_READ, Runtime.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + storeFile + " for " + describe, e);
        }
        try {
            URL location = storeFile.toUri().toURL();
            ProtectionDomain domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, loader, null);
            return new StoreJar(jar, describe, "jar:" + location.toExternalForm() + "!/", domain,
                    packageInfo != null ? packageInfo : fromManifest(jar));
        } catch (IOException e) {
            closeQuietly(jar);
            throw new UncheckedIOException("cannot read the manifest of " + storeFile + " for " + describe, e);
        } catch (RuntimeException e) {
            closeQuietly(jar);
            throw e;
        }
    }

    private static PackageInfo fromManifest(JarFile jar) throws IOException {
        Manifest manifest = jar.getManifest();
        if (manifest == null) {
            return new PackageInfo(null, null, null, null, null, null);
        }
        Attributes main = manifest.getMainAttributes();
        return new PackageInfo(main.getValue(Attributes.Name.SPECIFICATION_TITLE),
                main.getValue(Attributes.Name.SPECIFICATION_VERSION), main.getValue(Attributes.Name.SPECIFICATION_VENDOR),
                main.getValue(Attributes.Name.IMPLEMENTATION_TITLE), main.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
                main.getValue(Attributes.Name.IMPLEMENTATION_VENDOR));
    }

    /** The open file, for the loader's Cleaner to close once the loader is collected. */
    JarFile file() {
        return jar;
    }

    /** The code source and permissions of the classes defined from this jar. */
    ProtectionDomain domain() {
        return domain;
    }

    PackageInfo packageInfo() {
        return packageInfo;
    }

    /** What this jar is, for messages. */
    String describe() {
        return describe;
    }

    /** The bytes of {@code entryName} as this JDK reads it (its versioned entry, if it wins), or null if it has none. */
    byte[] read(String entryName) throws IOException {
        JarEntry entry = entry(entryName);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IllegalStateException closed) {
            throw new IOException(closed.getMessage(), closed);
        }
    }

    /** A {@code jar:file:} URL of {@code entryName} as this JDK reads it, or null if the jar has no such entry. */
    URL url(String entryName) {
        JarEntry entry;
        try {
            entry = entry(entryName);
        } catch (IOException e) {
            return null;
        }
        if (entry == null) {
            return null;
        }
        try {
            return URI.create(base + encodePath(entry.getRealName())).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            return null; // a name no URL can carry
        }
    }

    /** The entry that serves {@code entryName} at this JDK's version, or null. */
    private JarEntry entry(String entryName) throws IOException {
        try {
            return jar.getJarEntry(entryName);
        } catch (IllegalStateException closed) { // only once the loader was collected: nothing can ask then
            throw new IOException(closed.getMessage(), closed);
        }
    }

    /** {@code path} with what a URL path cannot hold percent-encoded, as UTF-8. */
    private static String encodePath(String path) {
        try {
            return new URI(null, null, "/" + path, null).toASCIIString().substring(1);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void closeQuietly(JarFile jar) {
        try {
            jar.close();
        } catch (IOException ignored) {
            // closing a read-only file: nothing was lost
        }
    }

    @Override
    public String toString() {
        return describe;
    }
}
