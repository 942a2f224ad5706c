package io.modulets.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.testkit.ModuleJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Helpers of the deploy and watched-folder tests: small modules with a job, broken jars of every kind, and
 * queries over the events a {@link RuntimeFixture} recorded. Stateless.
 */
final class DeployKit {

    private DeployKit() {
    }

    /**
     * A module {@code name} whose job {@code <name>.Hello} returns {@code "<name> <version>"}, after waiting on
     * the gate named by its {@code gate} argument if given. {@code name} must be a Java identifier.
     */
    static ModuleJar hello(String name, String version, String... requires) {
        return ModuleJar.named(name).version(version).requires(requires)
                .source(name + ".Text", "package " + name + "; class Text { static String value() { return \""
                        + name + " " + version + "\"; } }")
                .source(name + ".Hello", """
                        package %s;
                        import io.modulets.api.*;
                        public class Hello implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                String gate = ctx.args().get("gate");
                                if (gate != null) io.modulets.testshared.Gates.await(gate);
                                return Text.value();
                            }
                        }
                        """.formatted(name));
    }

    /** {@code size} bytes that do not compress, the same on every call. */
    static byte[] noise(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy of {@code jar} with one byte flipped in the middle of {@code entryName}'s compressed data: the zip
     * structure stays intact, the entry fails its CRC check (give an entry of {@link #noise}, which deflate stores
     * as raw blocks, so the flip changes exactly one byte of the content).
     */
    static byte[] flipByteInEntry(byte[] jar, String entryName) {
        ByteBuffer zip = ByteBuffer.wrap(jar).order(ByteOrder.LITTLE_ENDIAN);
        int end = jar.length - 22;
        while (zip.getInt(end) != 0x06054b50) {
            end--;
        }
        int at = zip.getInt(end + 16);
        int entries = Short.toUnsignedInt(zip.getShort(end + 10));
        for (int i = 0; i < entries; i++) {
            long compressed = Integer.toUnsignedLong(zip.getInt(at + 20));
            int nameLength = Short.toUnsignedInt(zip.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(zip.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(zip.getShort(at + 32));
            int local = zip.getInt(at + 42);
            String name = new String(jar, at + 46, nameLength, StandardCharsets.UTF_8);
            if (name.equals(entryName)) {
                int data = local + 30 + Short.toUnsignedInt(zip.getShort(local + 26)) + Short.toUnsignedInt(zip.getShort(local + 28));
                byte[] copy = jar.clone();
                copy[data + (int) (compressed / 2)] ^= 0x5A;
                return copy;
            }
            at += 46 + nameLength + extraLength + commentLength;
        }
        throw new IllegalArgumentException("no entry " + entryName + " in the jar");
    }

    /** A complete, intact zip whose {@code META-INF/MANIFEST.MF} is {@code manifest}, plus one resource. */
    static byte[] zipWithManifest(String manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("data.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<RuntimeEvent.Deployed> deployedFrom(RuntimeFixture fx, Path file) {
        return fx.events.stream().filter(RuntimeEvent.Deployed.class::isInstance).map(RuntimeEvent.Deployed.class::cast)
                .filter(d -> file.equals(d.file())).toList();
    }

    static List<RuntimeEvent.Deployed> deployedOf(RuntimeFixture fx, String module) {
        return fx.events.stream().filter(RuntimeEvent.Deployed.class::isInstance).map(RuntimeEvent.Deployed.class::cast)
                .filter(d -> module.equals(d.module())).toList();
    }

    static List<RuntimeEvent.Rejected> rejectedFor(RuntimeFixture fx, Path file) {
        return fx.events.stream().filter(RuntimeEvent.Rejected.class::isInstance).map(RuntimeEvent.Rejected.class::cast)
                .filter(r -> file.equals(r.file())).toList();
    }

    /** Waits for the rejection of {@code file} (which comes only after the settle window) and returns it. */
    static RuntimeEvent.Rejected awaitRejected(RuntimeFixture fx, Path file) {
        return fx.awaitEvent(RuntimeEvent.Rejected.class, r -> file.equals(r.file()));
    }

    /** Asserts that {@code file} was rejected exactly once, never deployed, and the reason contains each fragment. */
    static void assertRejectedOnly(RuntimeFixture fx, Path file, String... reasonFragments) {
        assertEquals(1, rejectedFor(fx, file).size(), () -> "rejections of " + file + ": " + fx.events);
        assertEquals(List.of(), deployedFrom(fx, file), () -> file + " must never be deployed");
        String reason = rejectedFor(fx, file).getFirst().reason();
        for (String fragment : reasonFragments) {
            assertTrue(reason.contains(fragment), () -> "the reason for " + file.getFileName() + " should name '"
                    + fragment + "': " + reason);
        }
    }

    /** One jar of the entries of {@code jars}, the first holder of a name winning (as maven-shade-plugin merges). */
    static byte[] merge(byte[]... jars) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            java.util.Set<String> names = new java.util.HashSet<>();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (byte[] jar : jars) {
                    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
                        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                            if (names.add(e.getName())) {
                                zip.putNextEntry(new ZipEntry(e.getName()));
                                zip.write(in.readAllBytes());
                                zip.closeEntry();
                            }
                        }
                    }
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
