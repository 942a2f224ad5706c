package io.modulets.server;

import io.modulets.testkit.ModuleJar;
import java.nio.file.Path;

/**
 * Module {@code waiter}: jobs that hold until a file appears, so a test decides when a job ends without timing it.
 * {@code waiter.UntilFile} waits for the file named by its argument {@code file} and ends when interrupted (a
 * cancellation ends it); {@code waiter.Stubborn} waits the same way but ignores interrupts.
 */
final class WaiterModule {

    static final String NAME = "waiter";
    static final String UNTIL_FILE = "waiter.UntilFile";
    static final String STUBBORN = "waiter.Stubborn";

    private WaiterModule() {
    }

    /** Writes version 1 of the module into {@code watchDir}. */
    static Path writeTo(Path watchDir) {
        return ModuleJar.named(NAME).version("1")
                .source(UNTIL_FILE, """
                        package waiter;
                        import io.modulets.api.*;
                        import java.nio.file.*;
                        public class UntilFile implements Job<String> {
                            public String run(JobContext ctx) throws Exception {
                                Path file = Path.of(ctx.args().get("file"));
                                while (!Files.exists(file)) {
                                    Thread.sleep(5);
                                }
                                return "released";
                            }
                        }
                        """)
                .source(STUBBORN, """
                        package waiter;
                        import io.modulets.api.*;
                        import java.nio.file.*;
                        public class Stubborn implements Job<String> {
                            public String run(JobContext ctx) {
                                Path file = Path.of(ctx.args().get("file"));
                                while (!Files.exists(file)) {
                                    try {
                                        Thread.sleep(5);
                                    } catch (InterruptedException ignored) {
                                        // this job ignores cancellation on purpose
                                    }
                                }
                                return "released";
                            }
                        }
                        """)
                .writeTo(watchDir.resolve("waiter-1.jar"));
    }
}
