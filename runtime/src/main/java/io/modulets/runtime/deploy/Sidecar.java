package io.modulets.runtime.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks a jar against a {@code <file>.sha256} lying beside it, in {@code sha256sum} format or bare hex. */
final class Sidecar {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private Sidecar() {
    }

    static void check(Path jar, String digest) throws InvalidJarException {
        Path sidecar = jar.resolveSibling(jar.getFileName() + ".sha256");
        String text;
        try {
            text = Files.readString(sidecar, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new InvalidJarException("its digest file " + sidecar.getFileName() + " cannot be read (" + e.getMessage() + ")", false);
        }
        String expected = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        if (!HEX.matcher(expected).matches()) {
            throw new InvalidJarException("its digest file " + sidecar.getFileName()
                    + " does not start with a SHA-256 in hex (64 characters)", false);
        }
        if (!expected.equalsIgnoreCase(digest)) {
            throw new InvalidJarException("its SHA-256 is " + digest + " but " + sidecar.getFileName() + " says "
                    + expected.toLowerCase(java.util.Locale.ROOT) + " (damaged in transit, or a stale digest file?)", false);
        }
    }
}
