package io.modulets.runtime;

import io.modulets.runtime.jmx.ModuleControlMXBean;
import io.modulets.runtime.jmx.NamespaceControlMXBean;
import io.modulets.runtime.jmx.ProcessFile;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A JMX client of this JVM's platform MBean server through a real connector, as jconsole would be: an RMI connector
 * server on 127.0.0.1 (an ephemeral port) and a client connected to its address. Everything a test reads goes over
 * the connection, serialized, so a test sees what a remote client sees.
 */
final class JmxClient implements AutoCloseable {

    private final JMXConnectorServer server;
    private final JMXConnector connector;
    final MBeanServerConnection connection;

    private JmxClient(JMXConnectorServer server, JMXConnector connector) throws IOException {
        this.server = server;
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static JmxClient connect() throws IOException {
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        try {
            return new JmxClient(server, JMXConnectorFactory.connect(server.getAddress()));
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** The name the runtime of {@code stateDir} registered under, from its process file. */
    static String nameOf(Path stateDir) {
        return ProcessFile.read(stateDir).orElseThrow(() -> new AssertionError("no process file in " + stateDir)).name();
    }

    static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectName runtimeName(String runtime) {
        return objectName("io.modulets:type=Runtime,name=" + runtime);
    }

    static ObjectName moduleName(String runtime, String module) {
        return objectName("io.modulets:type=Module,runtime=" + runtime + ",name=" + module);
    }

    static ObjectName namespaceName(String runtime, String namespaceId) {
        return objectName("io.modulets:type=Namespace,runtime=" + runtime + ",name=" + namespaceId);
    }

    RuntimeControlMXBean runtime(String runtime) {
        return JMX.newMXBeanProxy(connection, runtimeName(runtime), RuntimeControlMXBean.class);
    }

    ModuleControlMXBean module(String runtime, String module) {
        return JMX.newMXBeanProxy(connection, moduleName(runtime, module), ModuleControlMXBean.class);
    }

    NamespaceControlMXBean namespace(String runtime, String namespaceId) {
        return JMX.newMXBeanProxy(connection, namespaceName(runtime, namespaceId), NamespaceControlMXBean.class);
    }

    /** The names registered now that match {@code pattern}. */
    Set<ObjectName> names(String pattern) {
        try {
            return connection.queryNames(objectName(pattern), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean registered(ObjectName name) {
        try {
            return connection.isRegistered(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An attribute read the plain way, as jconsole reads it. */
    Object attribute(ObjectName name, String attribute) {
        try {
            return connection.getAttribute(name, attribute);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + attribute + " of " + name + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connector.close();
        } finally {
            server.stop();
        }
    }
}
