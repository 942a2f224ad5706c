package io.modulets.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A network JMX port, opened only when {@code --jmx-port} is given: an RMI connector server for the platform MBean
 * server, its registry and its objects on that one port, that lets in only the users of a {@link PasswordFile}.
 * Without a password file it does not open. Not encrypted (no TLS): the password crosses the network in the clear,
 * so use it on a trusted network or through an SSH tunnel. Local tools need no port: they attach as jconsole does.
 */
final class JmxPort {

    /** Only a user and a password cross the port as credentials: no other class is deserialized for them. */
    private static final String CREDENTIALS_FILTER = "java.lang.String;!*";

    private final int port;
    private final Registry registry;
    private final JMXConnectorServer server;

    private JmxPort(int port, Registry registry, JMXConnectorServer server) {
        this.port = port;
        this.registry = registry;
        this.server = server;
    }

    /**
     * Opens the port.
     *
     * @param passwordFile the users, required
     * @throws StartupRefused if there is no password file, it is refused, or the port cannot be opened
     */
    static JmxPort open(int port, java.util.Optional<String> passwordFile) throws StartupRefused {
        if (port < 1 || port > 65535) {
            throw new StartupRefused("--jmx-port=" + port + ": give a TCP port from 1 to 65535");
        }
        if (passwordFile.isEmpty()) {
            throw new StartupRefused("--jmx-port=" + port + " needs --jmx-password-file=FILE (lines 'user password',"
                    + " readable only by you): a JMX port without authentication lets anyone who reaches it run code as user "
                    + System.getProperty("user.name"));
        }
        PasswordFile users = PasswordFile.read(Path.of(passwordFile.get()).toAbsolutePath());
        try {
            Registry registry = LocateRegistry.createRegistry(port);
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://localhost:" + port + "/jndi/rmi://localhost:" + port + "/jmxrmi");
            Map<String, Object> env = new HashMap<>();
            env.put(JMXConnectorServer.AUTHENTICATOR, users);
            env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, CREDENTIALS_FILTER);
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, env,
                    ManagementFactory.getPlatformMBeanServer());
            server.start();
            return new JmxPort(port, registry, server);
        } catch (IOException | RuntimeException e) {
            throw new StartupRefused("cannot open the JMX port " + port + ": " + rootMessage(e)
                    + "; choose another --jmx-port, or leave it out to use local JMX only");
        }
    }

    /** The TCP port. */
    int port() {
        return port;
    }

    /** What a client connects to: {@code service:jmx:rmi:///jndi/rmi://<host>:<port>/jmxrmi}. */
    String clientUrl() {
        return "service:jmx:rmi:///jndi/rmi://<host>:" + port + "/jmxrmi";
    }

    /** Whether the connector server still takes connections (it holds the registry it was made with). */
    boolean active() {
        return server.isActive() && registry != null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
