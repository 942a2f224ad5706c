package io.modulets.runtime;

import io.modulets.api.JobSpec;
import io.modulets.testkit.ModuleJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The main of the JVM that {@code LeftoverThreadsNoOpensTest} starts without {@code --add-opens}: a runtime with a
 * module whose job leaves a {@code java.util.Timer} and a virtual thread running, replaced by a second version.
 * Prints the runtime's INFO lines and its events, one a line ({@code log: ...}, {@code event: ...}), and exits
 * once the first version's loader has a verdict.
 */
public final class NoOpensMain {

    private NoOpensMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("modulets-no-opens-");
        Logger category = Logger.getLogger("io.modulets");
        category.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                Object[] p = record.getParameters();
                System.out.println("log: " + (p == null || p.length == 0 ? record.getMessage() : String.format(record.getMessage(), p)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        CountDownLatch verdict = new CountDownLatch(1);
        try (ModuletRuntime runtime = ModuletRuntime.builder().watchDir(root.resolve("watch")).stateDir(root.resolve("state"))
                .settleWindow(Duration.ofMillis(300)).rescanInterval(Duration.ofMillis(100)).leakDeadline(Duration.ofSeconds(2))
                .build()) {
            runtime.events().subscribe().with(event -> {
                System.out.println("event: " + event);
                if (event instanceof RuntimeEvent.LeakSuspected || event instanceof RuntimeEvent.Collected) {
                    verdict.countDown();
                }
            });
            Files.createDirectories(root.resolve("watch"));
            module("1").writeTo(root.resolve("watch/left.jar"));
            runtime.start();
            System.out.println("result: " + runtime.submit(JobSpec.of("left", "left.Leave")).result().await().atMost(Duration.ofSeconds(20)));
            module("2").writeTo(root.resolve("watch/left.jar"));
            if (!verdict.await(30, TimeUnit.SECONDS)) {
                System.out.println("no verdict within 30 s");
            }
        }
        System.exit(0);
    }

    private static ModuleJar module(String version) {
        return ModuleJar.named("left").version(version).source("left.Leave", """
                package left;
                import io.modulets.api.*;
                public class Leave implements Job<String> {
                    public String run(JobContext ctx) {
                        new java.util.Timer("cleaner", true).schedule(new Sweep(), 0, 20);
                        Thread.ofVirtual().name("v-poller").start(Leave::poll);
                        return "left";
                    }
                    static void poll() {
                        try {
                            while (true) Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            // asked to stop: end
                        }
                    }
                    static final class Sweep extends java.util.TimerTask {
                        public void run() { }
                    }
                }
                """);
    }
}
