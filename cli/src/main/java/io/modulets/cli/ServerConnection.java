package io.modulets.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.modulets.runtime.jmx.ProcessFile;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A connection to the server of a state folder, made the way jconsole makes one: the folder's process file names the
 * server's pid; the JDK's Attach API starts (or finds) that JVM's local management agent and gives its connector
 * address, which only accepts clients on this machine; the CLI connects to it and proxies the runtime's MXBean. Only
 * servers of the CLI's own OS user are attached to (the Attach API allows no other), and no network port is opened.
 *
 * <p>Every way this can fail is a {@link CliException} whose message names the state folder and says what to do.
 * Not thread-safe; close it when done.
 */
final class ServerConnection implements AutoCloseable {

    /** How much later than the runtime's start its process may seem to have started (clock ticks, rounding). */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    private final JMXConnector connector;
    private final RuntimeControlMXBean runtime;

    private ServerConnection(JMXConnector connector, RuntimeControlMXBean runtime) {
        this.connector = connector;
        this.runtime = runtime;
    }

    /** The runtime's MXBean, through this connection. */
    RuntimeControlMXBean runtime() {
        return runtime;
    }

    /** Connects to the server of {@code stateDir}. */
    static ServerConnection open(Path stateDir) {
        ProcessFile process = processFile(stateDir);
        String address = connectorAddress(stateDir, process);
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        } catch (IOException e) {
            throw new CliException("cannot connect to the server for " + stateDir + " (pid " + process.pid()
                    + ") at its local JMX address " + address + ": " + e.getMessage());
        }
        try {
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            ObjectName name = runtimeName(process.name());
            if (!connection.isRegistered(name)) {
                throw new CliException("the server for " + stateDir + " (pid " + process.pid() + ") has no MBean " + name
                        + ": it runs with jmx off, or it is not a Modulets server; start it with `bin/modulets server"
                        + " --state-dir " + stateDir + "`");
            }
            return new ServerConnection(connector, JMX.newMXBeanProxy(connection, name, RuntimeControlMXBean.class));
        } catch (IOException e) {
            closeQuietly(connector);
            throw new CliException("lost the connection to the server for " + stateDir + " (pid " + process.pid() + "): "
                    + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(connector);
            throw e;
        }
    }

    /** The process file of a live server of this user in {@code stateDir}. */
    static ProcessFile processFile(Path stateDir) {
        Optional<ProcessFile> read;
        try {
            read = ProcessFile.read(stateDir);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
        ProcessFile process = read.orElseThrow(() -> new CliException("no Modulets server runs for state dir " + stateDir
                + ": no process file; start one with `bin/modulets server --state-dir " + stateDir + "`"));
        Optional<ProcessHandle> handle = ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            throw new CliException("no Modulets server runs for state dir " + stateDir + ": the server (pid "
                    + process.pid() + ") that wrote its process file is gone: it stopped without cleaning up; start one"
                    + " with `bin/modulets server --state-dir " + stateDir + "`");
        }
        checkNotReused(stateDir, process, handle.get());
        String me = currentUser();
        String owner = handle.get().info().user().orElse(process.user());
        if (!owner.equals(me)) {
            throw new CliException("the server for " + stateDir + " (pid " + process.pid() + ") runs as user " + owner
                    + "; the CLI connects only to servers of its own user (you are " + me + "): run it as " + owner);
        }
        checkIsJvm(stateDir, process, handle.get());
        return process;
    }

    /**
     * Refuses a pid that a process started after the server's start now has: the server crashed and its pid was
     * reused. Checked before attaching, since attaching signals the process (SIGQUIT on Linux), which ends one that is
     * not a JVM.
     */
    private static void checkNotReused(Path stateDir, ProcessFile process, ProcessHandle handle) {
        Optional<Instant> began = handle.info().startInstant();
        if (began.isPresent() && began.get().isAfter(process.started().plus(START_SLACK))) {
            throw new CliException(gone(stateDir, process) + "another process, started at " + began.get()
                    + "; start one with `bin/modulets server --state-dir " + stateDir + "`");
        }
    }

    /** Refuses a pid that is not a JVM's (the server's pid reused by another program), for the same reason. */
    private static void checkIsJvm(Path stateDir, ProcessFile process, ProcessHandle handle) {
        Optional<String> command = handle.info().command();
        if (command.isPresent() && !isJava(command.get()) && !isAttachable(process.pid())) {
            throw new CliException(gone(stateDir, process) + "another program, not a JVM (" + command.get()
                    + "); start one with `bin/modulets server --state-dir " + stateDir + "`");
        }
    }

    private static String gone(Path stateDir, ProcessFile process) {
        return "no Modulets server runs for state dir " + stateDir + ": the server (pid " + process.pid()
                + ") that wrote its process file is gone: it stopped without cleaning up, and pid " + process.pid()
                + " is now ";
    }

    private static boolean isJava(String command) {
        String name = Path.of(command).getFileName().toString();
        return name.equals("java") || name.equals("java.exe") || name.equals("javaw.exe");
    }

    /** Whether the Attach API lists {@code pid} among this user's JVMs (a JVM whose launcher is not named java). */
    private static boolean isAttachable(long pid) {
        String id = Long.toString(pid);
        return VirtualMachine.list().stream().anyMatch(vm -> vm.id().equals(id));
    }

    /** This process's OS user, as the OS tells it (not the {@code user.name} property, which a command line may set). */
    static String currentUser() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
    }

    private static String connectorAddress(Path stateDir, ProcessFile process) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(process.pid()));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliException("cannot attach to the server for " + stateDir + " (pid " + process.pid() + "): "
                    + e.getMessage() + "; the JVM refuses the Attach API (-XX:+DisableAttachMechanism, or a JVM of"
                    + " another user or container), or that pid is no longer the server");
        }
        try {
            return vm.startLocalManagementAgent();
        } catch (IOException e) {
            throw new CliException("the server for " + stateDir + " (pid " + process.pid() + ") did not start its local"
                    + " JMX agent: " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // detaching only closes our side of the attach channel
            }
        }
    }

    /** {@code io.modulets:type=Runtime,name=<name>}, the name quoted as the runtime quotes it. */
    static ObjectName runtimeName(String name) {
        try {
            return new ObjectName("io.modulets:type=Runtime,name=" + objectNameValue(name));
        } catch (MalformedObjectNameException e) {
            throw new CliException("the process file names a runtime '" + name + "' that is no ObjectName value: "
                    + e.getMessage());
        }
    }

    /** {@code text} as an ObjectName value: as it is if the syntax allows it, else quoted (as the runtime does). */
    static String objectNameValue(String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> ",=:\"*?\\\n\r".indexOf(c) >= 0)) {
            return ObjectName.quote(text);
        }
        return text;
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the connection failed already; the first failure is the one reported
        }
    }

    @Override
    public void close() {
        closeQuietly(connector);
    }
}
