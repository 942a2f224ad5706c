package io.modulets.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * The users of the JMX port: a file in the format of the JDK's {@code jmxremote.password}, one {@code user password}
 * per line, {@code #} starting a comment. As the JDK's agent does, it is refused when other users can read it.
 * Read once, at start. Thread-safe (immutable); {@link #authenticate} is what the connector server calls.
 */
final class PasswordFile implements JMXAuthenticator {

    private final Map<String, byte[]> passwords;
    private static final byte[] UNKNOWN_USER = new byte[32];

    private PasswordFile(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /**
     * Reads {@code file}.
     *
     * @throws StartupRefused if it cannot be read, others may read it, or it names no user
     */
    static PasswordFile read(Path file) throws StartupRefused {
        checkPrivate(file);
        Map<String, byte[]> passwords = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split("\\s+", 2);
                if (fields.length < 2) {
                    throw new StartupRefused("the JMX password file " + file + " has a line with a user and no password ("
                            + fields[0] + "): write 'user password' on each line");
                }
                passwords.put(fields[0], fields[1].getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new StartupRefused("cannot read the JMX password file " + file + ": " + e);
        }
        if (passwords.isEmpty()) {
            throw new StartupRefused("the JMX password file " + file + " names no user: write 'user password' on a line");
        }
        return new PasswordFile(passwords);
    }

    private static void checkPrivate(Path file) throws StartupRefused {
        if (!Files.isRegularFile(file)) {
            throw new StartupRefused("the JMX password file " + file + " does not exist or is not a file");
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX modes to check, as on Windows (the JDK's agent checks the ACL there)
        } catch (IOException e) {
            throw new StartupRefused("cannot read the JMX password file " + file + ": " + e);
        }
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new StartupRefused("refusing the JMX password file " + file + ": other users can read or change it (-"
                    + PosixFilePermissions.toString(perms) + "). Fix it with: chmod 600 " + file);
        }
    }

    /** The users it names. */
    Set<String> users() {
        return passwords.keySet();
    }

    /**
     * Checks a client's credentials, a {@code String[]{user, password}} as {@code JMXConnector.CREDENTIALS}.
     *
     * @throws SecurityException for anything else, an unknown user or a wrong password (the same message for both)
     */
    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] given) || given.length != 2 || given[0] == null || given[1] == null) {
            throw new SecurityException("give a user and a password (JMXConnector.CREDENTIALS = new String[] {user, password})");
        }
        byte[] expected = passwords.get(given[0]);
        byte[] actual = given[1].getBytes(StandardCharsets.UTF_8);
        // an unknown user is compared too (with a value no password equals), so the time taken tells nothing about
        // which users exist; MessageDigest.isEqual takes the same time for any two values of one length
        boolean matches = MessageDigest.isEqual(expected == null ? UNKNOWN_USER : expected, actual);
        if (expected == null || !matches) {
            throw new SecurityException("authentication failed: unknown user or wrong password");
        }
        return new Subject(true, Set.of(new JMXPrincipal(given[0])), Set.of(), Set.of());
    }
}
