package io.modulets.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.runtime.jmx.ProcessFile;
import io.modulets.testkit.ModuleJar;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server, started as {@code bin/modulets server} starts it and shared by tests that do not change its
 * configuration: what it says at start, a jar dropped into its folder, JMX as jconsole reaches it, and a second
 * server refused on its state folder. Stopped with SIGTERM at the end, which must give exit status 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunningServerIT {

    @TempDir
    static Path dir;

    private Path watchDir;
    private Path stateDir;
    private ServerProcess server;

    @BeforeAll
    void start() {
        watchDir = dir.resolve("watched");
        stateDir = dir.resolve("state");
        server = ServerProcess.in(dir).args("--watch-dir=" + watchDir, "--state-dir", stateDir.toString()).started();
    }

    @AfterAll
    void stop() {
        try {
            server.sigterm();
            assertEquals(0, server.awaitExit(), server.output());
            server.awaitLine("modulets-server stopped in");
        } finally {
            server.close();
        }
    }

    @Test
    void startLine_namesTheFoldersThePidAndHowToReachIt() {
        String line = server.awaitLine(ServerProcess.STARTED);
        assertTrue(line.contains("INFO  [io.modulets.server]"), line);
        assertTrue(line.contains(ServerProcess.STARTED + server.pid() + "): watching " + watchDir + ", state in " + stateDir
                + ", JMX local only"), line);
        assertTrue(line.endsWith("reach it with: modulets status --state-dir " + stateDir), line);
    }

    @Test
    void launchedWithTheProjectsJvmOptions_theLeakRemediesSeeTheJdkOpened() {
        server.awaitLine("leak remedies: the JDK is opened to the runtime");
    }

    @Test
    void logLines_areOnePerRecord_inQuarkusConsoleFormat() {
        for (String line : server.lines()) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} (INFO |WARN |ERROR|DEBUG) \\[.+\\] \\(.+\\) .*"),
                    "not a log record of its own: " + line + "\nin:\n" + server.output());
        }
    }

    @Test
    void droppedJar_isDeployed() {
        ModuleJar.named("hello").version("1")
                .source("hello.Hello", "package hello; public class Hello { }")
                .writeTo(watchDir.resolve("hello-1.jar"));
        server.awaitLine("deployed hello");
    }

    @Test
    void sameUserClient_attachesAsJconsoleDoes_andReadsTheServersMBeans() throws Exception {
        try (JMXConnector jmx = JmxClients.attach(server.pid())) {
            RuntimeMXBean jvm = JMX.newMXBeanProxy(jmx.getMBeanServerConnection(),
                    new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME), RuntimeMXBean.class);
            assertEquals(server.pid(), jvm.getPid());
        }
    }

    @Test
    void secondServer_onTheSameStateFolder_isRefused_namingTheFirst() {
        try (ServerProcess second = ServerProcess.in(dir).args("--watch-dir=" + dir.resolve("other"), "--state-dir=" + stateDir).run()) {
            assertEquals(StartupRefused.EXIT_CODE, second.awaitExit());
            assertEquals(1, second.lines().size(), second.output());
            String line = second.output();
            assertTrue(line.startsWith("another modulets server") && line.contains("uses the state folder " + stateDir)
                    && line.contains("stop it first"), line);
            Optional<ProcessFile> first = ProcessFile.read(stateDir);
            first.ifPresent(process -> assertTrue(line.contains("(pid " + server.pid() + ","), line));
        }
        assertTrue(server.alive(), "the first server stopped:\n" + server.output());
        assertTrue(Files.exists(stateDir.resolve(StateDirLock.FILE_NAME)));
    }
}
