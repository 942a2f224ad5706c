package io.modulets.runtime.jmx;

import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.ModuletRuntime;
import io.modulets.runtime.RuntimeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * A runtime's presence in the platform MBean server and its process file; made and driven by {@link ModuletRuntime}
 * when its setting {@code jmx} is on, not by applications.
 *
 * <p>{@link #start()} registers the runtime's MBean under {@code io.modulets:type=Runtime,name=<name>}, or, if another
 * runtime in this JVM has that name, under {@code <name>-2}, {@code <name>-3}, …, and writes the
 * {@link ProcessFile} naming it. From then on the module MBeans follow the current namespace and the namespace MBeans
 * the live namespaces (those with modules): {@link #onEvent} re-reads both after each event that changes them
 * (deployed, removed, retired, pinned, unpinned). {@link #close()} unregisters every MBean and removes the file.
 *
 * <p>Threads: {@link #onEvent} runs on the publishing thread, mostly the runtime's control thread, so it does
 * little: a read of the current and live namespaces and a registration per MBean that came or went. Every method
 * holds this object's lock, so a late event never undoes what a newer one did; nothing in it waits for another
 * thread. The MBeans themselves take no lock: they read the runtime's views on the JMX client's thread.
 */
public final class JmxExport {

    private static final Logger LOG = Logger.getLogger("io.modulets.jmx");

    private final ModuletRuntime runtime;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Submissions submissions = new Submissions();
    private final Map<String, ObjectName> modules = new HashMap<>();
    private final Map<String, ObjectName> namespaces = new HashMap<>();
    private String name;
    private ObjectName runtimeName;
    private ProcessFile processFile;
    private boolean closed;

    /** The export of {@code runtime}; nothing is registered before {@link #start()}. */
    public JmxExport(ModuletRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Registers the MBeans and writes the process file. Does nothing if already started or closed.
     *
     * @throws UncheckedIOException if the process file cannot be written; nothing stays registered then
     * @throws IllegalStateException if the platform MBean server refuses the runtime's MBean
     */
    public synchronized void start() {
        if (closed || name != null) {
            return;
        }
        String wanted = runtime.settings().name();
        registerRuntime(wanted);
        Path stateDir = runtime.settings().stateDir();
        ProcessFile file = new ProcessFile(ProcessHandle.current().pid(), System.getProperty("user.name"), name,
                Instant.now());
        try {
            Files.createDirectories(stateDir);
            file.writeTo(stateDir);
        } catch (IOException e) {
            withdraw();
            throw new UncheckedIOException("cannot write the process file " + stateDir.resolve(ProcessFile.FILE_NAME)
                    + " (clients find the runtime through it): " + e.getMessage() + "; check that the state folder is writable, or turn jmx off", e);
        }
        processFile = file;
        sync();
        LOG.infof("registered %s%s, with its module and namespace MBeans; %s tells clients this process", runtimeName,
                name.equals(wanted) ? "" : " (another runtime in this JVM is named " + wanted + ")",
                stateDir.resolve(ProcessFile.FILE_NAME));
    }

    /** The name the runtime's MBean is registered under, or null before {@link #start()}. */
    public synchronized String name() {
        return name;
    }

    /** Follows an event of the runtime: the runtime's tap calls it for every event, on the publishing thread. */
    public void onEvent(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.Deployed _, RuntimeEvent.Removed _, RuntimeEvent.Retired _, RuntimeEvent.Pinned _,
                    RuntimeEvent.Unpinned _ -> sync();
            default -> {
            }
        }
    }

    /**
     * Unregisters every MBean of the runtime and removes its process file, for good: a later {@link #start()} does
     * nothing. Idempotent.
     *
     * @throws IllegalStateException naming what could not be undone; everything else was
     */
    public synchronized void close() {
        closed = true;
        withdraw();
    }

    /**
     * Undoes what {@link #start()} did, for a start of the runtime that failed: it may start again. What cannot be
     * undone is one WARN line, so that the start's own failure is what its caller sees.
     */
    public synchronized void abandon() {
        try {
            withdraw();
        } catch (IllegalStateException e) {
            LOG.warnf("after a failed start: %s", e.getMessage());
        }
    }

    private void withdraw() {
        if (name == null) {
            return;
        }
        List<String> failures = new ArrayList<>();
        List<ObjectName> all = new ArrayList<>(modules.values());
        all.addAll(namespaces.values());
        all.add(runtimeName);
        modules.clear();
        namespaces.clear();
        name = null;
        runtimeName = null;
        for (ObjectName each : all) {
            try {
                unregister(each);
            } catch (IllegalStateException e) {
                failures.add(e.getMessage());
            }
        }
        ProcessFile file = processFile;
        processFile = null;
        try {
            if (file != null) {
                file.removeFrom(runtime.settings().stateDir());
            }
        } catch (IOException | RuntimeException e) {
            failures.add("cannot remove the process file " + runtime.settings().stateDir().resolve(ProcessFile.FILE_NAME)
                    + ": " + e);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("JMX: " + String.join("; ", failures));
        }
    }

    private void registerRuntime(String wanted) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? wanted : wanted + "-" + n;
            ObjectName objectName = ObjectNames.runtime(candidate);
            try {
                server.registerMBean(new RuntimeControl(runtime, candidate, submissions), objectName);
                name = candidate;
                runtimeName = objectName;
                return;
            } catch (InstanceAlreadyExistsException taken) {
                // another runtime in this JVM has it: try the next number
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + objectName + ": " + e, e);
            }
        }
    }

    /** Brings the module and namespace MBeans in step with the runtime now. */
    private synchronized void sync() {
        if (closed || name == null) {
            return;
        }
        Set<String> current = runtime.current().modules().keySet();
        for (String gone : difference(modules.keySet(), current)) {
            unregisterQuietly(modules.remove(gone));
        }
        for (String module : current) {
            if (!modules.containsKey(module)) {
                ObjectName objectName = ObjectNames.module(name, module);
                if (register(new ModuleControl(runtime, module), objectName)) {
                    modules.put(module, objectName);
                }
            }
        }
        Map<String, NamespaceInfo> live = new HashMap<>();
        for (NamespaceInfo ns : runtime.liveNamespaces()) {
            if (!ns.modules().isEmpty()) {
                live.put(ns.id(), ns);
            }
        }
        for (String gone : difference(namespaces.keySet(), live.keySet())) {
            unregisterQuietly(namespaces.remove(gone));
        }
        for (NamespaceInfo ns : live.values()) {
            if (!namespaces.containsKey(ns.id())) {
                ObjectName objectName = ObjectNames.namespace(name, ns.id());
                if (register(new NamespaceControl(runtime, ns), objectName)) {
                    namespaces.put(ns.id(), objectName);
                }
            }
        }
    }

    private static Set<String> difference(Set<String> from, Set<String> minus) {
        Set<String> rest = new HashSet<>(from);
        rest.removeAll(minus);
        return rest;
    }

    /** Registers a module's or namespace's MBean; a refusal is one WARN line (nobody waits for this to succeed). */
    private boolean register(Object mbean, ObjectName objectName) {
        try {
            server.registerMBean(mbean, objectName);
            return true;
        } catch (JMException e) {
            LOG.warnf("JMX: cannot register %s, it stays invisible to JMX clients: %s", objectName, e);
            return false;
        }
    }

    private void unregisterQuietly(ObjectName objectName) {
        try {
            unregister(objectName);
        } catch (IllegalStateException e) {
            LOG.warnf("JMX: %s", e.getMessage());
        }
    }

    /** Unregisters {@code objectName}; one already gone is fine. */
    private void unregister(ObjectName objectName) {
        try {
            server.unregisterMBean(objectName);
        } catch (InstanceNotFoundException gone) {
            // someone unregistered it already: what we wanted
        } catch (JMException e) {
            throw new IllegalStateException("cannot unregister " + objectName + ": " + e, e);
        }
    }
}
