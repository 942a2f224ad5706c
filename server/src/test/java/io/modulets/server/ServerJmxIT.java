package io.modulets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JMX port only with {@code --jmx-port}, and then only for the users of a password file no one else can read. */
class ServerJmxIT {

    @TempDir
    Path dir;

    @Test
    void jmxPort_withoutAPasswordFile_isRefused() {
        try (ServerProcess server = ServerProcess.in(dir).args("--jmx-port=9999").run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(1, server.lines().size(), server.output());
            assertTrue(server.output().startsWith("--jmx-port=9999 needs --jmx-password-file=FILE"), server.output());
        }
    }

    @Test
    void passwordFile_othersCanRead_isRefused() throws IOException {
        Path passwords = passwordFile("rw-r--r--");
        try (ServerProcess server = ServerProcess.in(dir).args("--jmx-port=9999", "--jmx-password-file=" + passwords).run()) {
            assertEquals(StartupRefused.EXIT_CODE, server.awaitExit());
            assertEquals(List.of("refusing the JMX password file " + passwords + ": other users can read or change it"
                    + " (-rw-r--r--). Fix it with: chmod 600 " + passwords), server.lines());
        }
    }

    @Test
    void jmxPort_refusesNoCredentialsAndAWrongPassword_letsTheUserIn() throws Exception {
        Path passwords = passwordFile("rw-------");
        int port = freePort();
        try (ServerProcess server = ServerProcess.in(dir)
                .args("--jmx-port", Integer.toString(port), "--jmx-password-file", passwords.toString()).started()) {
            assertTrue(server.awaitLine(ServerProcess.STARTED).contains("JMX on port " + port + " for the users of " + passwords),
                    server.output());
            assertThrows(SecurityException.class, () -> JmxClients.remote(port, null).close());
            assertThrows(SecurityException.class, () -> JmxClients.remote(port, new String[] {"alice", "wrong"}).close());
            assertThrows(SecurityException.class, () -> JmxClients.remote(port, new String[] {"mallory", "s3cret"}).close());
            try (JMXConnector jmx = JmxClients.remote(port, new String[] {"alice", "s3cret"})) {
                RuntimeMXBean jvm = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                        new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME), RuntimeMXBean.class);
                assertEquals(server.pid(), jvm.getPid());
            }
        }
    }

    private Path passwordFile(String mode) throws IOException {
        Path file = dir.resolve("jmx.password");
        Files.writeString(file, "# JMX users of the test server\nalice s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
