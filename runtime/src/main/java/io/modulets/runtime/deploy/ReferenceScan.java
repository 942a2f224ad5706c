package io.modulets.runtime.deploy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gathers the {@link CodeReferences} of one jar from the bytes of its class entries, as validation reads them
 * through: the classes a loader of this JDK would define, each read once with {@link ClassFileReferences}.
 *
 * <p>Those classes are the jar's base classes and, in a multi-release jar ({@code Multi-Release: true}), the classes
 * under {@code META-INF/versions/<n>/} for {@code 9 <= n <=} the running JDK's feature version, under their real
 * names: for each class the highest such version wins over the lower ones and over the base class, as
 * {@link java.util.jar.JarFile} picks them. {@code module-info} is left out (a class path loader never reads it),
 * and so is every other entry under {@code META-INF/}. A class that is not a readable class file refers to nothing
 * here: its loader reports it when something loads it (rule 6).
 *
 * <p>One scan per jar; not thread-safe.
 */
final class ReferenceScan {

    private static final String VERSIONS = "META-INF/versions/";
    private static final String CLASS = ".class";
    private static final String MODULE_INFO = "module-info.class";
    private static final int NOT_SCANNED = -1;

    private final int runtimeVersion;
    private final Map<String, ClassFileReferences> base = new LinkedHashMap<>();
    private final Map<String, Versioned> versioned = new LinkedHashMap<>();

    private record Versioned(int version, ClassFileReferences references) {
    }

    /** A scan for the JDK this runs on. */
    ReferenceScan() {
        this(Runtime.version().feature());
    }

    /** A scan for a JDK of feature version {@code runtimeVersion}: which versioned classes it would load. */
    ReferenceScan(int runtimeVersion) {
        this.runtimeVersion = runtimeVersion;
    }

    /** Whether the scan reads the entry {@code entryName}: hand its bytes to {@link #add} then. */
    boolean wants(String entryName) {
        return versionOf(entryName) != NOT_SCANNED;
    }

    /** Takes the bytes of the entry {@code entryName}, one that {@link #wants}. */
    void add(String entryName, byte[] bytes) {
        int version = versionOf(entryName);
        if (version == NOT_SCANNED) {
            throw new IllegalArgumentException(entryName + " is not an entry this scan reads");
        }
        String path = version == 0 ? entryName : entryName.substring(entryName.indexOf('/', VERSIONS.length()) + 1);
        ClassFileReferences references = read(path, bytes);
        if (version == 0) {
            base.put(path, references);
        } else {
            Versioned known = versioned.get(path);
            if (known == null || known.version() < version) {
                versioned.put(path, new Versioned(version, references));
            }
        }
    }

    /**
     * The jar's references, its own packages left out.
     *
     * @param multiRelease whether its manifest says {@code Multi-Release: true} ({@link #isMultiRelease})
     */
    CodeReferences result(boolean multiRelease) {
        Map<String, ClassFileReferences> loaded = new LinkedHashMap<>(base);
        if (multiRelease) {
            versioned.forEach((path, v) -> loaded.put(path, v.references()));
        }
        Set<String> own = new HashSet<>();
        loaded.keySet().forEach(path -> own.add(ClassFileReferences.packageOf(path)));
        Map<String, String> byPackage = new LinkedHashMap<>();
        for (ClassFileReferences type : loaded.values()) {
            for (String pkg : type.packages()) {
                byPackage.putIfAbsent(pkg, type.className());
            }
        }
        for (ClassFileReferences type : loaded.values()) {
            if (type.nestedOnly().isEmpty()) {
                continue;
            }
            Set<String> open = new HashSet<>(type.nestedOnly());
            open.removeAll(byPackage.keySet());
            open.removeAll(own);
            for (String pkg : type.usedByCode(open)) {
                byPackage.putIfAbsent(pkg, type.className());
            }
        }
        byPackage.keySet().removeAll(own);
        return byPackage.isEmpty() ? CodeReferences.NONE : new CodeReferences(byPackage);
    }

    /**
     * Whether main manifest attributes mark a multi-release jar, decided as the JDK's {@code JarFile} decides it (the
     * loader opens every jar through it): the header name in any case, the value {@code true} in any case
     * ({@link Boolean#parseBoolean}). The one place the validator, the scan and the loader agree on.
     */
    static boolean isMultiRelease(Map<String, String> manifest) {
        for (Map.Entry<String, String> header : manifest.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Multi-Release")) {
                return Boolean.parseBoolean(header.getValue());
            }
        }
        return false;
    }

    private static ClassFileReferences read(String path, byte[] bytes) {
        try {
            return ClassFileReferences.read(bytes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return ClassFileReferences.unreadable(path.substring(0, path.length() - CLASS.length()).replace('/', '.'));
        }
    }

    /** 0 for a base class, n for a class under {@code META-INF/versions/<n>/} this JDK loads, else {@link #NOT_SCANNED}. */
    private int versionOf(String entryName) {
        if (!entryName.endsWith(CLASS) || entryName.equals(MODULE_INFO) || entryName.endsWith("/" + MODULE_INFO)) {
            return NOT_SCANNED;
        }
        if (!entryName.startsWith("META-INF/")) {
            return 0;
        }
        if (!entryName.startsWith(VERSIONS)) {
            return NOT_SCANNED;
        }
        int slash = entryName.indexOf('/', VERSIONS.length());
        if (slash < 0) {
            return NOT_SCANNED;
        }
        int version;
        try {
            version = Integer.parseInt(entryName, VERSIONS.length(), slash, 10);
        } catch (NumberFormatException e) {
            return NOT_SCANNED; // not a version directory: JarFile ignores it too
        }
        return version >= 9 && version <= runtimeVersion ? version : NOT_SCANNED;
    }
}
