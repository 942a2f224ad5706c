package io.modulets.runtime;

import static io.modulets.runtime.JobTestSupport.awaitRetired;
import static io.modulets.runtime.RuntimeFixture.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.modulets.api.JobSpec;
import io.modulets.api.NamespaceInfo;
import io.modulets.testkit.ModuleJar;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 10 with real libraries that start background threads of their own, each bundled in the module under
 * {@code lib/} with its runtime dependencies (from Maven Central, {@code runtime/pom.xml}), used the way real code
 * uses them and never shut down: version 2 is dropped in, and what the libraries left running for version 1 is
 * stopped at retirement, or named precisely in the leak suspect when it cannot be.
 *
 * <ul>
 *   <li>OkHttp 4.12 (with Okio 3.6 and the Kotlin standard library): a GET to a local server with
 *       {@code new OkHttpClient()}, the client never shut down, leaves the connection pool's TaskRunner worker
 *       (a {@code ThreadPoolExecutor} of OkHttp's own thread factory: shut down, it ends) and Okio's
 *       {@code Watchdog} thread (a {@code Thread} subclass of Okio's: interrupted, but it catches the interrupt and
 *       waits again, ending only after 60 s idle). So the verdict at the deadline is a leak suspect naming that
 *       thread, its frames and that it ignores interrupts, and nothing else; the reaper keeps watching and reports
 *       {@code Collected} about a minute later, when the Watchdog ends by itself (not awaited here).</li>
 *   <li>logback 1.5 (with SLF4J 2.0): a {@code LoggerContext} with an {@code AsyncAppender}, never stopped, leaves
 *       the appender's worker thread (interrupted: it ends).</li>
 * </ul>
 */
class RealLibraryThreadsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static byte[] real(String artifactId) {
        try {
            return Files.readAllBytes(RealLibraries.jar(artifactId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Module {@code name} whose job {@code pkg.Use} runs {@code body}, with {@code libs} bundled and compiled against. */
    private static ModuleJar module(String name, String version, String body, List<String> libs) {
        ModuleJar jar = ModuleJar.named(name).version(version)
                .compileAgainst(libs.stream().map(RealLibraries::jar).toArray(Path[]::new))
                .source(name + ".Use", "package " + name + ";\nimport io.modulets.api.*;\n"
                        + "public class Use implements Job<String> {\n"
                        + "    public String run(JobContext ctx) throws Exception {\n" + body + "\n    }\n}\n");
        for (String lib : libs) {
            jar.resource("lib/" + RealLibraries.jar(lib).getFileName(), real(lib));
        }
        return jar;
    }

    /**
     * Deploys version 1 of {@code name}, runs its job once (returning its result), deploys version 2 (whose job
     * only returns) and waits for version 1 to retire.
     */
    private Object runThenRetire(String name, String body, List<String> libs) {
        fx.drop(name + ".jar", module(name, "1", body, libs));
        fx.start(fx.builder().leakDeadline(DEADLINE));
        NamespaceInfo first = fx.awaitVersion(name, "1");
        Object result = result(fx.runtime.submit(JobSpec.of(name, name + ".Use")));
        fx.drop(name + ".jar", module(name, "2", "return \"v2\";", libs));
        fx.awaitVersion(name, "2");
        awaitRetired(fx, first.id());
        return result;
    }

    private List<String> undone(String name) {
        return fx.awaitEvent(RuntimeEvent.LoaderRetired.class, e -> e.module().equals(name) && e.version().equals("1")).undone();
    }

    private RuntimeEvent verdict(String name) {
        return fx.awaitEvent(RuntimeEvent.class,
                e -> e instanceof RuntimeEvent.Collected c && c.module().equals(name) && c.version().equals("1")
                        || e instanceof RuntimeEvent.LeakSuspected l && l.module().equals(name) && l.version().equals("1"));
    }

    private int serveHello() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void okHttp_clientNeverShutDown_taskRunnerShutDown_watchdogIgnoresInterruptsAndIsNamed() throws IOException {
        int port = serveHello();
        Object body = runThenRetire("http", """
                okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
                okhttp3.Request request = new okhttp3.Request.Builder().url("http://127.0.0.1:%d/hello").build();
                try (okhttp3.Response response = client.newCall(request).execute()) {
                    return response.body().string();
                }
                """.formatted(port), List.of("okhttp", "okio-jvm", "kotlin-stdlib"));

        assertEquals("hello", body);
        RuntimeEvent.LeakSuspected leak = assertInstanceOf(RuntimeEvent.LeakSuspected.class, verdict("http"));
        assertTrue(leak.cause().startsWith("thread 'Okio Watchdog' (platform, TIMED_WAITING) at"
                + " okio.AsyncTimeout$Companion.awaitTimeout$okio(AsyncTimeout.kt:"), leak.cause());
        assertTrue(leak.cause().contains(" <- okio.AsyncTimeout$Watchdog.run(AsyncTimeout.kt:"), leak.cause());
        assertTrue(leak.cause().contains("interrupted at retirement and still running: it ignores interrupts"), leak.cause());
        assertFalse(leak.cause().contains("TaskRunner"), "the TaskRunner pool was shut down and ended: " + leak.cause());
        List<String> undone = undone("http");
        assertTrue(undone.stream().anyMatch(u -> u.equals("shut down the ThreadPoolExecutor behind thread 'OkHttp TaskRunner'")),
                undone::toString);
        assertTrue(undone.contains("interrupted thread 'Okio Watchdog' (platform)"), undone::toString);
    }

    @Test
    void logback_asyncAppenderNeverStopped_workerInterruptedAndCollected() {
        Object result = runThenRetire("logs", """
                ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
                context.setName("logs-v1");
                ch.qos.logback.core.helpers.NOPAppender<ch.qos.logback.classic.spi.ILoggingEvent> sink =
                        new ch.qos.logback.core.helpers.NOPAppender<>();
                sink.setContext(context);
                sink.start();
                ch.qos.logback.classic.AsyncAppender async = new ch.qos.logback.classic.AsyncAppender();
                async.setContext(context);
                async.setName("ASYNC");
                async.addAppender(sink);
                async.start();
                ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                root.addAppender(async);
                root.info("a line from version 1");
                return "logged";
                """, List.of("logback-classic", "logback-core", "slf4j-api"));

        assertEquals("logged", result);
        RuntimeEvent verdict = verdict("logs");
        assertInstanceOf(RuntimeEvent.Collected.class, verdict, verdict::toString);
        List<String> undone = undone("logs");
        assertTrue(undone.contains("interrupted thread 'AsyncAppender-Worker-ASYNC' (platform)"), undone::toString);
    }
}
