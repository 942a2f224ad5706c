package io.modulets.runtime;

import io.modulets.testkit.ModuleJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The main of the plain-Java host that {@link PlainJavaLoggingTest} starts as a child JVM, with logging as its
 * command line sets it up and nothing configured in code: a runtime on a temporary folder holding one jar,
 * {@code app-1.jar}, started and closed once the jar is deployed. Its log lines go to standard error.
 */
public final class PlainLogsMain {

    private PlainLogsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("modulets-plain-logs-");
        Path watch = Files.createDirectories(root.resolve("watch"));
        ModuleJar.named("app").version("1")
                .source("app.Hello", "package app; public class Hello implements io.modulets.api.Job<String> {"
                        + " public String run(io.modulets.api.JobContext ctx) { return \"hello\"; } }")
                .writeTo(watch.resolve("app-1.jar"));
        try (ModuletRuntime runtime = ModuletRuntime.builder().watchDir(watch).stateDir(root.resolve("state"))
                .drainTimeout(Duration.ofSeconds(2)).build()) {
            runtime.start(); // deploys what the folder holds before it returns
            if (!"1".equals(runtime.current().versionOf("app"))) {
                throw new AssertionError("app-1.jar was not deployed: " + runtime.current());
            }
        }
        System.out.println("done");
    }
}
