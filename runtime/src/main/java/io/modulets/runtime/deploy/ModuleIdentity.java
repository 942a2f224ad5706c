package io.modulets.runtime.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's name, version and requires, as rule 1 derives them: from the manifest ({@code Modulet-Name},
 * {@code Modulet-Version}, {@code Modulet-Requires}); else from a Maven-style file name
 * {@code <name>-<version>.jar} whose version starts with a digit; else name = file stem and version = the
 * first 12 hex digits of the SHA-256. A plain library's requires from its Maven metadata are not declared ones:
 * {@link MavenMetadata} derives them.
 *
 * @param name the module's name
 * @param version its version
 * @param requires the modules it requires, in manifest order, without duplicates
 */
record ModuleIdentity(String name, String version, List<String> requires) {

    /** Manifest header naming the module. */
    public static final String NAME_HEADER = "Modulet-Name";
    /** Manifest header giving the module's version. */
    public static final String VERSION_HEADER = "Modulet-Version";
    /** Manifest header listing required modules, separated by commas. */
    public static final String REQUIRES_HEADER = "Modulet-Requires";

    private static final Pattern MAVEN_STYLE = Pattern.compile("(.+?)-(\\d.*)");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public ModuleIdentity {
        requires = List.copyOf(requires);
    }

    /**
     * Derives the identity of a jar.
     *
     * @param fileName the jar's file name in the watched folder
     * @param manifest the manifest's main attributes
     * @param digest the jar's SHA-256, hex
     * @throws InvalidJarException if a header is present but unusable
     */
    public static ModuleIdentity of(String fileName, Map<String, String> manifest, String digest)
            throws InvalidJarException {
        String stem = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        String name = trimmed(manifest.get(NAME_HEADER));
        String version = trimmed(manifest.get(VERSION_HEADER));
        if (name == null) {
            Matcher maven = MAVEN_STYLE.matcher(stem);
            if (maven.matches()) {
                name = maven.group(1);
                version = version != null ? version : maven.group(2);
            } else {
                name = stem;
            }
        }
        if (version == null) {
            version = digest.substring(0, 12);
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw new InvalidJarException("module name '" + name + "' is not valid: use letters, digits, '.', '_' and '-'", false);
        }
        return new ModuleIdentity(name, version, parseRequires(name, manifest.get(REQUIRES_HEADER)));
    }

    private static List<String> parseRequires(String self, String header) throws InvalidJarException {
        List<String> requires = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return requires;
        }
        for (String part : header.split(",")) {
            String required = part.trim();
            if (required.isEmpty()) {
                continue;
            }
            if (!VALID_NAME.matcher(required).matches()) {
                throw new InvalidJarException(REQUIRES_HEADER + " names '" + required + "', which is not a module name", false);
            }
            if (required.equals(self)) {
                throw new InvalidJarException(REQUIRES_HEADER + " names the module itself", false);
            }
            if (!requires.contains(required)) {
                requires.add(required);
            }
        }
        return requires;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
