package io.modulets.server;

import com.sun.tools.attach.VirtualMachine;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Assumptions;

/** How the tests reach a server's MBeans: as jconsole does (attach, local agent), or through its JMX port. */
final class JmxClients {

    private JmxClients() {
    }

    /**
     * Attaches to {@code pid} as jconsole does (same OS user): the JDK's Attach API starts the process's local
     * management agent and gives its connector's address.
     */
    static JMXConnector attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            String address = vm.startLocalManagementAgent();
            return JMXConnectorFactory.connect(new JMXServiceURL(address));
        } finally {
            vm.detach();
        }
    }

    /** Connects to a server's JMX port, with {@code credentials} ({@code {user, password}}) or none if null. */
    static JMXConnector remote(int port, String[] credentials) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://localhost:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(url, credentials == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, credentials));
    }

    /**
     * The runtime's MBean in the server, as a proxy. Skips the test (an assumption) if the server registers none:
     * the runtime's MBeans come with issue #11's JMX work, which this module's branch may be built without.
     */
    static RuntimeControlMXBean runtime(MBeanServerConnection connection) throws IOException {
        Set<ObjectName> names = connection.queryNames(pattern(), null);
        Assumptions.assumeFalse(names.isEmpty(), "the server's runtime registers no io.modulets:type=Runtime MBean"
                + " (built without the runtime's JMX MBeans): submitting a job needs it");
        return JMX.newMXBeanProxy(connection, names.iterator().next(), RuntimeControlMXBean.class);
    }

    private static ObjectName pattern() {
        try {
            return new ObjectName("io.modulets:type=Runtime,*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
