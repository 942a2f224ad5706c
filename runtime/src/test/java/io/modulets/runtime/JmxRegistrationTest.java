package io.modulets.runtime;

import static io.modulets.runtime.JmxClient.moduleName;
import static io.modulets.runtime.JmxClient.nameOf;
import static io.modulets.runtime.JmxClient.namespaceName;
import static io.modulets.runtime.JmxClient.runtimeName;
import static io.modulets.runtime.JobTestSupport.probe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.api.JobHandle;
import io.modulets.api.JobSpec;
import io.modulets.api.JobSubmissionException;
import io.modulets.api.NamespaceInfo;
import io.modulets.runtime.jmx.NamespaceControlMXBean;
import io.modulets.runtime.jmx.ProcessFile;
import io.modulets.runtime.jmx.RuntimeControlMXBean;
import io.modulets.testshared.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime's MBeans through a real JMX connector: which are registered under which names, that they follow the
 * current and the live namespaces, that they leave on close, and that a client gets the runtime's messages. These
 * use only what the runtime had before issue 11's views; {@code JmxOperationsTest} has the rest.
 */
class JmxRegistrationTest {

    private static final Duration POLL = Duration.ofMillis(10);

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @RegisterExtension
    final LogLines logs = new LogLines("io.modulets.jmx");

    private static JmxClient jmx;

    @BeforeAll
    static void connect() throws Exception {
        jmx = JmxClient.connect();
    }

    @AfterAll
    static void disconnect() throws Exception {
        jmx.close();
    }

    @Test
    void start_folderWithAModule_registersRuntimeModuleAndNamespaceMBeans() {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        NamespaceInfo current = fx.runtime.current();

        assertEquals("watch", name.replaceFirst("-\\d+$", ""), "the default name is the watched folder's");
        assertTrue(jmx.registered(runtimeName(name)));
        assertTrue(jmx.registered(moduleName(name, "probe")));
        assertTrue(jmx.registered(namespaceName(name, current.id())));
        RuntimeControlMXBean runtime = jmx.runtime(name);
        assertEquals(name, runtime.getName());
        assertEquals(fx.watchDir.toString(), runtime.getWatchDir());
        assertEquals(fx.stateDir.toString(), runtime.getStateDir());
        assertEquals(ProcessHandle.current().pid(), runtime.getPid());
        assertEquals(current.toString(), runtime.getCurrentNamespace());
        assertEquals(current.toString(), jmx.attribute(runtimeName(name), "CurrentNamespace"), "read the plain way");
    }

    @Test
    void runtimeMBean_twoVersionsAndAJobHeldOnTheFirst_showsBothNamespacesAndTheRunningJob() {
        String gate = "jmx-held-" + UUID.randomUUID();
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        NamespaceInfo first = fx.runtime.current();
        JobHandle<String> held = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob").withArg("gate", gate));
        fx.drop("probe-2.jar", probe("2"));
        NamespaceInfo second = fx.awaitVersion("probe", "2");
        RuntimeControlMXBean runtime = jmx.runtime(name);

        assertEquals(second.toString(), runtime.getCurrentNamespace());
        assertTrue(runtime.getLiveNamespaces().containsAll(List.of(first.id(), second.id())), runtime.getLiveNamespaces().toString());
        assertEquals(1, runtime.getRunningJobs());
        assertEquals(1, jmx.attribute(runtimeName(name), "RunningJobs"));

        Gates.open(gate);
        assertEquals(first.id() + "|1", RuntimeFixture.result(held));
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> runtime.getRunningJobs() == 0
                && !runtime.getLiveNamespaces().contains(first.id()));
    }

    @Test
    void moduleMBean_moduleDeployedThenItsFileDeleted_appearsThenLeaves() throws Exception {
        fx.start();
        String name = nameOf(fx.stateDir);
        assertEquals(0, jmx.names("io.modulets:type=Module,runtime=" + name + ",*").size(), "an empty folder has no module");

        Path file = fx.drop("probe.jar", probe("1"));
        fx.awaitEvent(RuntimeEvent.Deployed.class, e -> e.module().equals("probe")); // the MBeans follow it before subscribers get it
        assertTrue(jmx.registered(moduleName(name, "probe")));
        assertEquals("probe", jmx.module(name, "probe").getName());

        Files.delete(file);
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> !jmx.registered(moduleName(name, "probe")));
        assertEquals(Map.of(), fx.runtime.current().modules());
    }

    @Test
    void namespaceMBean_namespaceRetiredWhenItsLastJobEnds_leaves() {
        String gate = "jmx-ns-" + UUID.randomUUID();
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        NamespaceInfo first = fx.runtime.current();
        JobHandle<String> held = fx.runtime.submit(JobSpec.of("probe", "probe.ProbeJob").withArg("gate", gate));
        fx.drop("probe-2.jar", probe("2"));
        NamespaceInfo second = fx.awaitVersion("probe", "2");

        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> jmx.registered(namespaceName(name, second.id())));
        NamespaceControlMXBean old = jmx.namespace(name, first.id());
        assertEquals(first.id(), old.getId());
        assertEquals(first.generation(), old.getGeneration());
        assertEquals(Map.of("probe", "1"), old.getModules());
        assertFalse(old.isCurrent());
        assertEquals(true, jmx.attribute(namespaceName(name, second.id()), "Current"));

        Gates.open(gate);
        RuntimeFixture.result(held);
        await().atMost(RuntimeFixture.WAIT).pollInterval(POLL).until(() -> !jmx.registered(namespaceName(name, first.id())));
        assertTrue(jmx.registered(namespaceName(name, second.id())));
    }

    @Test
    void submit_unknownModule_clientGetsTheRuntimesMessage() throws Exception {
        fx.start();
        String name = nameOf(fx.stateDir);
        String direct = assertThrows(JobSubmissionException.class,
                () -> fx.runtime.submit(JobSpec.of("nosuch", "nosuch.Job"))).getMessage();

        IllegalArgumentException viaProxy = assertThrows(IllegalArgumentException.class,
                () -> jmx.runtime(name).submit("nosuch", "nosuch.Job", Map.of()));
        assertEquals(direct, viaProxy.getMessage());
        assertTrue(direct.contains("nosuch"), direct);

        RuntimeMBeanException plain = assertThrows(RuntimeMBeanException.class, () -> jmx.connection.invoke(runtimeName(name),
                "submit", new Object[] {"nosuch", "nosuch.Job", null},
                new String[] {String.class.getName(), String.class.getName(), javax.management.openmbean.TabularData.class.getName()}));
        assertInstanceOf(IllegalArgumentException.class, plain.getCause());
        assertEquals(direct, plain.getCause().getMessage());
    }

    @Test
    void start_nameTakenByAnotherRuntimeInThisJvm_registersTheNextNumberAndSaysSo() throws Exception {
        String twin = "twins-" + UUID.randomUUID();
        fx.start(fx.builder().name(twin));
        Path other = Files.createTempDirectory("modulets-twin-");
        try (ModuletRuntime second = ModuletRuntime.builder().watchDir(other.resolve("watch")).stateDir(other.resolve("state"))
                .name(twin).build()) {
            second.start();

            assertEquals(twin, nameOf(fx.stateDir));
            assertEquals(twin + "-2", nameOf(other.resolve("state")));
            assertEquals(other.resolve("watch").toString(), jmx.runtime(twin + "-2").getWatchDir());
            assertEquals(fx.watchDir.toString(), jmx.runtime(twin).getWatchDir());
            logs.awaitLine(Level.INFO, twin + "-2");
        } finally {
            deleteTree(other);
        }
        assertFalse(jmx.registered(runtimeName(twin + "-2")), "closed");
        assertTrue(jmx.registered(runtimeName(twin)), "the first runs on");
    }

    @Test
    void name_withCommaColonAndQuote_isQuotedInTheObjectName() {
        String odd = "a,b:c\"d-" + UUID.randomUUID();
        fx.start(fx.builder().name(odd));

        javax.management.ObjectName quoted = JmxClient.objectName("io.modulets:type=Runtime,name=" + javax.management.ObjectName.quote(odd));
        assertTrue(jmx.registered(quoted));
        assertEquals(odd, jmx.attribute(quoted, "Name"));
        assertEquals(odd, nameOf(fx.stateDir));
    }

    @Test
    void close_runtimeWithModulesAndNamespaces_unregistersEveryMBeanAndRemovesTheProcessFile() {
        fx.drop("probe.jar", probe("1"));
        fx.start();
        String name = nameOf(fx.stateDir);
        assertFalse(jmx.names("io.modulets:runtime=" + name + ",*").isEmpty());

        fx.runtime.close();

        assertEquals(0, jmx.names("io.modulets:runtime=" + name + ",*").size());
        assertFalse(jmx.registered(runtimeName(name)));
        assertFalse(Files.exists(fx.stateDir.resolve(ProcessFile.FILE_NAME)));
    }

    @Test
    void start_jmxOff_registersNothingAndWritesNoProcessFile() {
        String name = "off-" + UUID.randomUUID();
        fx.drop("probe.jar", probe("1"));
        fx.start(fx.builder().name(name).jmx(false));

        assertEquals(0, jmx.names("io.modulets:name=" + name + ",*").size());
        assertEquals(0, jmx.names("io.modulets:runtime=" + name + ",*").size());
        assertFalse(Files.exists(fx.stateDir.resolve(ProcessFile.FILE_NAME)));
    }

    @Test
    void start_jmxOn_writesAProcessFileNamingThisProcessItsUserAndItsName() {
        Instant before = Instant.now();
        fx.start();

        ProcessFile file = ProcessFile.read(fx.stateDir).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), file.pid());
        assertEquals(System.getProperty("user.name"), file.user());
        assertTrue(jmx.registered(runtimeName(file.name())));
        assertFalse(file.started().isBefore(before.minusSeconds(1)), file.started() + " before " + before);
        assertTrue(file.alive());
    }

    @Test
    void start_twoRuntimesWithDefaultNames_getDistinctNames() throws Exception {
        fx.start();
        Path other = Files.createTempDirectory("modulets-second-");
        try (ModuletRuntime second = ModuletRuntime.builder().watchDir(other.resolve("watch")).stateDir(other.resolve("state")).build()) {
            second.start();
            assertNotEquals(nameOf(fx.stateDir), nameOf(other.resolve("state")));
            assertTrue(jmx.registered(runtimeName(nameOf(other.resolve("state")))));
        } finally {
            deleteTree(other);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
